//! The `redirects` plugin's options (`redirect_maps`: old docs path -> new docs path or URL),
//! in the order written; the redirect pages themselves are publish's (`publish::redirects`).

/// One `old: new` entry of `redirect_maps`, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Redirect {
    /// docs-relative path of the old page (`old/page.md`).
    pub from: String,
    /// docs-relative path of the new page, with an optional `#fragment`, or an http(s) URL.
    pub to: String,
    /// Its line in mkdocs.yml.
    pub line: usize,
}

/// Reads the `redirects` plugin's options. Entries whose key or value is not a string are
/// returned as problems (the key as written) so the caller can point at them.
pub fn parse(options: &serde_yaml::Value) -> (Vec<Redirect>, Vec<String>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let Some(maps) = options.get("redirect_maps").and_then(|m| m.as_mapping()) else {
        return (out, bad);
    };
    for (k, v) in maps {
        match (scalar(k), scalar(v)) {
            (Some(from), Some(to)) => out.push(Redirect { from, to, line: 1 }),
            (Some(from), None) => bad.push(from),
            (None, _) => bad.push(format!("{k:?}")),
        }
    }
    (out, bad)
}

fn scalar(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_in_order() {
        let v: serde_yaml::Value = serde_yaml::from_str(
            "redirect_maps:\n  b.md: c.md\n  a.md: https://x.org/\n  bad.md: [1]\n",
        )
        .unwrap();
        let (r, bad) = parse(&v);
        assert_eq!(
            r.iter().map(|r| r.from.as_str()).collect::<Vec<_>>(),
            ["b.md", "a.md"]
        );
        assert_eq!(bad, ["bad.md"]);
    }
}
