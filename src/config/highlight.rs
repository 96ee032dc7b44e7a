//! pymdownx.highlight's options besides `linenums` (how line numbers are shown, line spans and
//! anchors, the language class, automatic titles), read from `markdown_extensions` with
//! pymdownx's defaults. The highlighter (`markdown::highlight`) only reads them.

/// How line numbers are shown (pymdownx.highlight `linenums_style`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LinenumsStyle {
    /// `table` (the default): a table, numbers in one cell and code in the other.
    #[default]
    Table,
    /// `inline`: `<span class="linenos">1</span>` before each line.
    Inline,
    /// `pymdownx-inline`: `<span class="linenos" data-linenos="1 "></span>` (shown by CSS, so
    /// the numbers are not copied with the code).
    PymdownxInline,
}

/// The pymdownx.highlight options blogen honours (defaults as pymdownx's).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HighlightOptions {
    pub linenums_style: LinenumsStyle,
    /// `anchor_linenums`: line numbers link to their line (and lines get anchors).
    pub anchor_linenums: bool,
    /// `line_spans`: each line in `<span id="PREFIX-BLOCK-LINE">`; empty for none.
    pub line_spans: String,
    /// `line_anchors`: an `<a id="PREFIX-BLOCK-LINE">` before each line; empty for none
    /// (`__codelineno` when `anchor_linenums` is on and this is not set).
    pub line_anchors: String,
    /// `pygments_lang_class`: the `language-NAME` class on the wrapper (and inline code).
    pub pygments_lang_class: bool,
    /// `auto_title`: blocks without a title get Pygments' name of their language.
    pub auto_title: bool,
}

impl HighlightOptions {
    /// Reads the options from pymdownx.highlight's mapping in `markdown_extensions`. Returns
    /// the options and, for each value of the wrong kind, the key and what is wrong (the
    /// option then keeps its default).
    pub fn read(map: &serde_yaml::Mapping) -> (HighlightOptions, Vec<(String, String)>) {
        use serde_yaml::Value;
        let mut o = HighlightOptions::default();
        let mut problems = Vec::new();
        let flag =
            |key: &str, slot: &mut bool, problems: &mut Vec<(String, String)>| match map.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::Bool(b)) => *slot = *b,
                Some(_) => problems.push((key.to_string(), "must be true or false".to_string())),
            };
        flag("anchor_linenums", &mut o.anchor_linenums, &mut problems);
        flag(
            "pygments_lang_class",
            &mut o.pygments_lang_class,
            &mut problems,
        );
        flag("auto_title", &mut o.auto_title, &mut problems);
        for (key, slot) in [
            ("line_spans", &mut o.line_spans),
            ("line_anchors", &mut o.line_anchors),
        ] {
            match map.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => *slot = s.clone(),
                Some(_) => problems.push((key.to_string(), "must be a string".to_string())),
            }
        }
        match map.get("linenums_style").map(|v| v.as_str()) {
            None => {}
            Some(Some("table")) => o.linenums_style = LinenumsStyle::Table,
            Some(Some("inline")) => o.linenums_style = LinenumsStyle::Inline,
            Some(Some("pymdownx-inline")) => o.linenums_style = LinenumsStyle::PymdownxInline,
            Some(_) => problems.push((
                "linenums_style".to_string(),
                "must be `table`, `inline` or `pymdownx-inline`".to_string(),
            )),
        }
        if o.anchor_linenums && o.line_anchors.is_empty() {
            o.line_anchors = "__codelineno".to_string();
        }
        (o, problems)
    }

    /// What the options are, as part of a highlight cache key.
    pub(crate) fn cache_tag(&self) -> String {
        format!(
            "{:?}|{}|{}|{}|{}|{}",
            self.linenums_style,
            self.anchor_linenums,
            self.line_spans,
            self.line_anchors,
            self.pygments_lang_class,
            self.auto_title
        )
    }
}
