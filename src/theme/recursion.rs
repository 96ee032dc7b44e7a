//! Templates that would recurse without end, or nest too deep, which would overflow the stack
//! and abort the process. Nesting (tags in tags, brackets in a tag) is bounded on the raw text
//! before tera parses it (`too_deep`). tera has three ways to recurse, each stopped here:
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
//! cycles), so the stack a render needs is bounded; but a macro level nesting loops and
//! conditions takes over 32 kB in a debug build, and 64 such levels do not fit in a rayon
//! worker's 2 MB. So when macros may recurse (`may_recurse`, a cycle in the graph of macro calls
//! and includes), `Theme::render` renders on a thread of its own with `RENDER_STACK` bytes of
//! stack; other themes (the embedded one has no macro) render on the caller's thread.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// How deep macros may call each other: no sane nav or tree is deeper. With `RENDER_STACK` a
/// level may take 1 MB of stack, which no macro body does.
pub const MAX_MACRO_DEPTH: usize = 64;

/// The stack of a render when macros may recurse: 1 MB a level (reserved, not committed).
pub const RENDER_STACK: usize = 64 * 1024 * 1024;

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

/// How deep tags (`for`, `if`, `block`, `macro`, `filter`) may nest in one template, and
/// brackets in one tag: tera's parser and renderer recurse per level, and 600 levels overflow
/// a debug build's stack (300 pass).
pub const MAX_TAG_NESTING: usize = 128;
pub const MAX_BRACKET_NESTING: usize = 64;

/// The line where `text` nests tags or brackets deeper than the limits, with what; checked on
/// the raw text before tera parses it. It counts opening and `end…` tags and the brackets of
/// each `{{ }}` / `{% %}`, so text in `{% raw %}` or comments may count too (never fewer).
pub fn too_deep(text: &str) -> Option<(usize, String)> {
    let mut tags = 0usize;
    let mut rest = text;
    while let Some(at) = rest.find(['{']) {
        let after = &rest[at..];
        let close = match after.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = &rest[at + 1..];
                continue;
            }
        };
        let inner_end = after[2..].find(close).map(|i| i + 2).unwrap_or(after.len());
        let inner = &after[2..inner_end];
        let line = || text[..text.len() - after.len()].matches('\n').count() + 1;
        let mut depth = 0usize;
        for c in inner.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => continue,
            }
            if depth > MAX_BRACKET_NESTING {
                return Some((
                    line(),
                    format!("brackets nested more than {MAX_BRACKET_NESTING} deep"),
                ));
            }
        }
        if close == "%}" {
            let word = inner.trim_start_matches(['-', '+']).trim_start();
            let word = word
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            if matches!(word, "for" | "if" | "block" | "macro" | "filter" | "raw") {
                tags += 1;
                if tags > MAX_TAG_NESTING {
                    return Some((
                        line(),
                        format!("tags nested more than {MAX_TAG_NESTING} deep"),
                    ));
                }
            } else if word.starts_with("end") {
                tags = tags.saturating_sub(1);
            }
        }
        rest = &after[inner_end.min(after.len())..];
    }
    None
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

/// Whether some macro may call itself, directly or through other macros and includes. Calls
/// are matched by macro name whatever their namespace: more edges than tera has, never fewer.
pub fn may_recurse(templates: &HashMap<String, tera::Template>) -> bool {
    // Nodes: "t:NAME" for a template's own body, "m:NAME" for every macro called NAME.
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, t) in templates {
        let mut out = Vec::new();
        if let Some(p) = &t.parent {
            out.push(format!("t:{p}"));
        }
        edges(&t.ast, &mut out);
        graph.entry(format!("t:{name}")).or_default().extend(out);
        for (m, def) in &t.macros {
            let mut out = Vec::new();
            edges(&def.body, &mut out);
            graph.entry(format!("m:{m}")).or_default().extend(out);
        }
    }
    cycle_in(&graph).is_some()
}

/// The includes ("t:…") and macro calls ("m:…") of `nodes`, macro definitions left out.
fn edges(nodes: &[Node], out: &mut Vec<String>) {
    let mut inc = BTreeSet::new();
    collect_includes(nodes, &mut inc);
    out.extend(inc.into_iter().map(|n| format!("t:{n}")));
    for n in nodes {
        node_calls(n, out);
    }
}

fn node_calls(n: &Node, out: &mut Vec<String>) {
    let body = |b: &[Node], out: &mut Vec<String>| b.iter().for_each(|n| node_calls(n, out));
    match n {
        Node::VariableBlock(_, e) => expr_calls(e, out),
        Node::Set(_, s) => expr_calls(&s.value, out),
        Node::Block(_, b, _) => body(&b.body, out),
        Node::Forloop(_, f, _) => {
            expr_calls(&f.container, out);
            body(&f.body, out);
            if let Some(e) = &f.empty_body {
                body(e, out);
            }
        }
        Node::If(i, _) => {
            for (_, cond, b) in &i.conditions {
                expr_calls(cond, out);
                body(b, out);
            }
            if let Some((_, b)) = &i.otherwise {
                body(b, out);
            }
        }
        Node::FilterSection(_, f, _) => {
            fn_calls(&f.filter, out);
            body(&f.body, out);
        }
        Node::MacroDefinition(..)
        | Node::Super
        | Node::Text(_)
        | Node::Extends(..)
        | Node::Include(..)
        | Node::ImportMacro(..)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => {}
    }
}

fn fn_calls(f: &FunctionCall, out: &mut Vec<String>) {
    f.args.values().for_each(|e| expr_calls(e, out));
}

fn expr_calls(e: &Expr, out: &mut Vec<String>) {
    e.filters.iter().for_each(|f| fn_calls(f, out));
    val_calls(&e.val, out);
}

fn val_calls(v: &ExprVal, out: &mut Vec<String>) {
    match v {
        ExprVal::MacroCall(m) => {
            out.push(format!("m:{}", m.name));
            m.args.values().for_each(|e| expr_calls(e, out));
        }
        ExprVal::FunctionCall(f) => fn_calls(f, out),
        ExprVal::Math(m) => {
            expr_calls(&m.lhs, out);
            expr_calls(&m.rhs, out);
        }
        ExprVal::Logic(l) => {
            expr_calls(&l.lhs, out);
            expr_calls(&l.rhs, out);
        }
        ExprVal::In(i) => {
            expr_calls(&i.lhs, out);
            expr_calls(&i.rhs, out);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|e| expr_calls(e, out)),
        ExprVal::Array(a) => a.iter().for_each(|e| expr_calls(e, out)),
        ExprVal::StringConcat(c) => c.values.iter().for_each(|v| val_calls(v, out)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
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
        assert!(!may_recurse(&t.templates));
        // Including the same file twice, or from a macro, is no cycle.
        let t = tera(&[
            ("a", "{% include \"b\" %}{% include \"b\" %}{% macro m() %}{% include \"a\" %}{% endmacro m %}{{ self::m() }}"),
            ("b", "b"),
        ]);
        assert_eq!(find_cycle(&t.templates), None);
        assert!(
            may_recurse(&t.templates),
            "a includes itself from its macro m"
        );
        let t = tera(&[
            ("a", "{% import \"m\" as x %}{{ x::one(n=1) }}"),
            ("m", "{% macro one(n) %}{{ self::two(n=n) }}{% endmacro one %}{% macro two(n) %}{% if n %}{{ self::one(n=[n - 1] | first) }}{% endif %}{% endmacro two %}"),
        ]);
        assert!(may_recurse(&t.templates));
        let t = tera(&[
            ("a", "{% import \"m\" as x %}{{ x::one() }}{% include \"b\" %}"),
            ("b", "{{ x::two() }}"),
            ("m", "{% macro one() %}{{ self::two() }}{% endmacro one %}{% macro two() %}2{% endmacro two %}"),
        ]);
        assert!(!may_recurse(&t.templates));
    }

    #[test]
    fn deep_nesting_is_found_before_parsing() {
        let ok = "{% for i in [1] %}{% if i %}{{ (1 + [2][0]) }}{% endif %}{% endfor %}".repeat(3);
        assert_eq!(too_deep(&ok), None);
        let n = MAX_TAG_NESTING;
        let deep = format!(
            "a\n{}x{}",
            "{%- if true %}".repeat(n + 1),
            "{% endif %}".repeat(n + 1)
        );
        assert_eq!(too_deep(&deep).unwrap().0, 2);
        let flat = "{% if true %}x{% endif %}".repeat(n * 2);
        assert_eq!(too_deep(&flat), None);
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(65), ")".repeat(65));
        assert!(too_deep(&parens).unwrap().1.contains("brackets"));
        assert_eq!(too_deep("{ not a tag } {{ unclosed"), None);
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

    /// The depth limit is reached well before the stack ends in a debug build: a plain macro on
    /// a thread with half the stack of a rayon worker (2 MB), one nesting loops, conditions and
    /// filters on the stack `Theme::render` gives recursive macros.
    #[test]
    fn runaway_macros_fail_before_the_stack_does() {
        runaway(
            "{% macro m(n) %}<{{ self::m(n=n+1) }}>{% endmacro m %}{{ self::m(n=0) }}",
            1024 * 1024,
        );
        runaway(
            "{% macro m(n) %}{% for i in [1] %}{% if i %}{% for j in [n] %}{% if j >= 0 %}{% filter upper %}<{{ self::m(n=n+1) | safe }}>{% endfilter %}{% endif %}{% endfor %}{% endif %}{% endfor %}{% endmacro m %}{{ self::m(n=0) }}",
            RENDER_STACK,
        );
    }

    fn runaway(text: &'static str, stack: usize) {
        let t = tera(&[("a", text)]);
        let err = std::thread::Builder::new()
            .stack_size(stack)
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
