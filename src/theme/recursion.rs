//! Templates that would recurse without end, which would overflow the stack and abort the
//! process. tera has three ways to recurse, and each is stopped here:
//!
//! - `{% include %}` (and the parent an `{% extends %}` renders): the names are literals, so
//!   the graph is known before rendering; a cycle is refused when the theme loads.
//! - `{% import %}` (with `{% extends %}`): tera loads the macros of imported files, and of
//!   parents, by recursing over that graph at the start of every render; a cycle would never
//!   end, so it is refused when the theme loads too.
//! - macro calls: a recursive macro is legitimate (a nav tree) and whether it stops depends on
//!   its arguments, which no static check can know. So every macro body is given a counter at
//!   load time: the first node of its body enters, the last leaves, and entering more than
//!   `MAX_MACRO_DEPTH` levels is a render error naming the macro and its file. tera has no early
//!   return from a macro body, so leave always runs unless rendering fails (and then the counter
//!   is reset at the next render). A cycle through includes and macros passes a macro each time
//!   round, so the counter bounds it as well.
//!
//! Between two macro frames only includes can nest, at most once per template (no include
//! cycles), so the stack a render needs is bounded.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// How deep macros may call each other. Each level takes some tens of kB of stack in a debug
/// build; 64 levels fit well in the 2 MB of a rayon worker thread, and no sane nav or tree is
/// deeper.
pub const MAX_MACRO_DEPTH: usize = 64;

const ENTER: &str = "__blogen_macro_enter";
const LEAVE: &str = "__blogen_macro_leave";

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// A template graph cycle: the kind of edge and the template names, first repeated at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle {
    pub what: &'static str,
    pub path: Vec<String>,
}

impl Cycle {
    /// The same cycle, told from `name` (one of its templates) on.
    pub fn starting_at(&self, name: &str) -> Cycle {
        let ring = &self.path[..self.path.len() - 1];
        let Some(i) = ring.iter().position(|n| n == name) else {
            return self.clone();
        };
        let mut path: Vec<String> = ring[i..].iter().chain(&ring[..i]).cloned().collect();
        path.push(name.to_string());
        Cycle {
            what: self.what,
            path,
        }
    }
}

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "template `{}` {} itself ({}); rendering it would never end",
            self.path[0],
            self.what,
            self.path.join(" -> ")
        )
    }
}

/// The first include or import cycle among `templates`, if any.
pub fn find_cycle(templates: &HashMap<String, tera::Template>) -> Option<Cycle> {
    let mut includes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut imports: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, t) in templates {
        let inc = includes.entry(name).or_default();
        let imp = imports.entry(name).or_default();
        if let Some(p) = &t.parent {
            inc.insert(p);
            imp.insert(p);
        }
        for (file, _) in &t.imported_macro_files {
            imp.insert(file);
        }
        // Includes inside macro bodies are bounded by the macro counter: not followed here.
        collect_includes(&t.ast, inc);
    }
    let known = |m: BTreeMap<&str, BTreeSet<&str>>| -> BTreeMap<String, Vec<String>> {
        m.iter()
            .map(|(k, v)| {
                let to = v.iter().filter(|n| templates.contains_key(**n));
                (k.to_string(), to.map(|n| n.to_string()).collect())
            })
            .collect()
    };
    cycle_in(&known(includes))
        .map(|path| Cycle {
            what: "includes",
            path,
        })
        .or_else(|| {
            cycle_in(&known(imports)).map(|path| Cycle {
                what: "imports",
                path,
            })
        })
}

fn collect_includes<'a>(nodes: &'a [Node], out: &mut BTreeSet<&'a str>) {
    for n in nodes {
        match n {
            Node::Include(_, names, _) => out.extend(names.iter().map(String::as_str)),
            Node::Block(_, b, _) => collect_includes(&b.body, out),
            Node::Forloop(_, f, _) => {
                collect_includes(&f.body, out);
                if let Some(e) = &f.empty_body {
                    collect_includes(e, out);
                }
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    collect_includes(body, out);
                }
                if let Some((_, body)) = &i.otherwise {
                    collect_includes(body, out);
                }
            }
            Node::FilterSection(_, f, _) => collect_includes(&f.body, out),
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::VariableBlock(..)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Set(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

/// A cycle in `graph` (name -> names), as a path whose last name is its first.
fn cycle_in(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    // 0 unseen, 1 on the current path, 2 done.
    let mut state: HashMap<&str, u8> = HashMap::new();
    for start in graph.keys() {
        if state.get(start.as_str()).copied().unwrap_or(0) != 0 {
            continue;
        }
        // Iterative DFS: (node, index of the next edge).
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, i)) = stack.last_mut() {
            let edges = graph.get(*node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(next) = edges.get(*i) {
                *i += 1;
                match state.get(next.as_str()).copied().unwrap_or(0) {
                    0 => {
                        state.insert(next, 1);
                        stack.push((next, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|(n, _)| *n == next)?;
                        let mut path: Vec<String> =
                            stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                        path.push(next.clone());
                        return Some(path);
                    }
                    _ => {}
                }
            } else {
                state.insert(node, 2);
                stack.pop();
            }
        }
    }
    None
}

fn call(name: &str, args: &[(&str, &str)]) -> Node {
    let args = args
        .iter()
        .map(|(k, v)| (k.to_string(), Expr::new(ExprVal::String(v.to_string()))))
        .collect();
    Node::VariableBlock(
        Default::default(),
        Expr::new(ExprVal::FunctionCall(FunctionCall {
            name: name.to_string(),
            args,
        })),
    )
}

/// Gives every macro body the depth counter and registers its functions. tera renders macros
/// from `Template::macros` (the copy in the AST is only the definition's place), so those are
/// the bodies changed. Whitespace control was applied when parsing, so the two added nodes,
/// which print nothing, change no output.
pub fn instrument(tera: &mut tera::Tera) {
    for (file, t) in tera.templates.iter_mut() {
        for (name, m) in t.macros.iter_mut() {
            m.body
                .insert(0, call(ENTER, &[("file", file.as_str()), ("name", name)]));
            m.body.push(call(LEAVE, &[]));
        }
    }
    tera.register_function(ENTER, |args: &HashMap<String, tera::Value>| {
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        if depth > MAX_MACRO_DEPTH {
            let arg = |k: &str| args.get(k).and_then(|v| v.as_str()).unwrap_or("?");
            return Err(tera::Error::msg(format!(
                "macro `{}` of template `{}` is nested more than {MAX_MACRO_DEPTH} levels deep; \
                 a recursive macro needs a case that stops",
                arg("name"),
                arg("file")
            )));
        }
        Ok(tera::Value::String(String::new()))
    });
    tera.register_function(LEAVE, |_: &HashMap<String, tera::Value>| {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
        Ok(tera::Value::String(String::new()))
    });
}

/// Starts a render on this thread with no macro open (an earlier render may have failed inside
/// one).
pub fn reset() {
    DEPTH.with(|d| d.set(0));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(files: &[(&str, &str)]) -> tera::Tera {
        let mut t = tera::Tera::default();
        t.add_raw_templates(files.to_vec()).unwrap();
        instrument(&mut t);
        t
    }

    #[test]
    fn finds_include_and_import_cycles() {
        let t = tera(&[("a", "{% include \"b\" %}"), ("b", "x{% include \"a\" %}")]);
        let c = find_cycle(&t.templates).unwrap();
        assert_eq!(
            (c.what, c.path.clone()),
            ("includes", vec!["a".into(), "b".into(), "a".into()])
        );
        assert_eq!(c.starting_at("b").path, ["b", "a", "b"]);
        let t = tera(&[
            ("a", "{% import \"m\" as m %}"),
            (
                "m",
                "{% import \"a\" as a %}{% macro x() %}{% endmacro x %}",
            ),
        ]);
        assert_eq!(find_cycle(&t.templates).unwrap().what, "imports");
        // Including the same file twice, or from a macro, is no cycle.
        let t = tera(&[
            ("a", "{% include \"b\" %}{% include \"b\" %}{% macro m() %}{% include \"a\" %}{% endmacro m %}"),
            ("b", "b"),
        ]);
        assert_eq!(find_cycle(&t.templates), None);
    }

    #[test]
    fn the_counter_changes_no_output() {
        let t = tera(&[(
            "a",
            "{% macro m(n) -%}\n  [{{ n }}]{% if n > 0 %}{{ self::m(n=n-1) }}{% endif %}\n{%- endmacro m %}<{{ self::m(n=3) }}>",
        )]);
        reset();
        assert_eq!(
            t.render("a", &tera::Context::new()).unwrap(),
            "<[3][2][1][0]>"
        );
        // The counter went back to zero.
        assert_eq!(DEPTH.with(Cell::get), 0);
    }

    /// The depth limit is reached well before the stack ends, even on a thread with half the
    /// stack of a rayon worker, in a debug build.
    #[test]
    fn runaway_macros_fail_before_the_stack_does() {
        let t = tera(&[(
            "a",
            "{% macro m(n) %}<{{ self::m(n=n+1) }}>{% endmacro m %}{{ self::m(n=0) }}",
        )]);
        let err = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                reset();
                let e = t.render("a", &tera::Context::new()).unwrap_err();
                let mut msg = e.to_string();
                let mut src = std::error::Error::source(&e);
                while let Some(s) = src {
                    msg.push_str(&s.to_string());
                    src = s.source();
                }
                msg
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(
            err.contains("macro `m` of template `a` is nested more than 64"),
            "{err}"
        );
    }
}
