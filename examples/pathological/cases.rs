//! The pathological Markdown inputs of `bench/pathological.sh` and of `tests/pathological.rs`:
//! each case is a generator of a page body from a repetition count `n`, for inputs whose size
//! grows linearly with `n` (so the build time must too). The families follow the ones known to
//! hurt Markdown parsers (deep nesting, unmatched delimiters, runs of brackets, backticks,
//! `<` and entities), plus the inputs of blogen's own passes (footnotes, identical headings,
//! attr_list, emoji, abbreviations, links, admonitions, tabs, md_in_html).

use std::fmt::Write as _;

pub struct Case {
    pub name: &'static str,
    pub make: fn(usize) -> String,
}

fn rep(s: &str, n: usize) -> String {
    s.repeat(n)
}

pub const CASES: &[Case] = &[
    Case {
        name: "nested_brackets",
        make: |n| format!("{}a{}", rep("[", n), rep("]", n)),
    },
    Case {
        name: "nested_block_quotes",
        make: |n| format!("{}a\n", rep("> ", n)),
    },
    Case {
        name: "nested_lists",
        make: |n| format!("{}a\n", rep("- ", n)),
    },
    Case {
        name: "nested_ordered_lists",
        make: |n| format!("{}a\n", rep("1. ", n)),
    },
    Case {
        name: "emph_star_run",
        make: |n| rep("*a", n),
    },
    Case {
        name: "emph_under_run",
        make: |n| rep("_a", n),
    },
    Case {
        name: "nested_strong_emph",
        make: |n| format!("{}b{}", rep("*a **a ", n / 2), rep(" a** a*", n / 2)),
    },
    Case {
        name: "emph_closers_no_openers",
        make: |n| rep("a_ ", n),
    },
    Case {
        name: "emph_openers_no_closers",
        make: |n| rep("_a ", n),
    },
    Case {
        name: "star_under_mix",
        make: |n| rep("*a_ ", n),
    },
    Case {
        name: "emph_multiple_of_3",
        make: |n| format!("a**b{}", rep("c* ", n)),
    },
    Case {
        name: "strong_em_alternating",
        make: |n| rep("*a**a", n),
    },
    Case {
        name: "link_closers_no_openers",
        make: |n| rep("a]", n),
    },
    Case {
        name: "link_openers_no_closers",
        make: |n| rep("[a", n),
    },
    Case {
        name: "link_openers_emph_closers",
        make: |n| rep("[ a_", n),
    },
    Case {
        name: "bracket_paren",
        make: |n| rep("[ (](", n),
    },
    Case {
        name: "bracket_paren_tight",
        make: |n| rep("[(", n),
    },
    Case {
        name: "image_brackets",
        make: |n| rep("![[]()", n),
    },
    Case {
        name: "unclosed_links_angle",
        make: |n| rep("[a](<b", n),
    },
    Case {
        name: "unclosed_links",
        make: |n| rep("[a](", n),
    },
    Case {
        name: "backtick_runs",
        make: |n| {
            let mut s = String::new();
            for k in 0..n {
                s.push('e');
                s.push_str(&"`".repeat(1 + k % 32));
            }
            s
        },
    },
    Case {
        name: "unclosed_comments",
        make: |n| format!("</{}", rep("<!--", n)),
    },
    Case {
        name: "many_lt",
        make: |n| rep("<", n),
    },
    Case {
        name: "html_openers_closers",
        make: |n| rep("<>", n),
    },
    Case {
        name: "entity_like",
        make: |n| rep("&#1", n),
    },
    Case {
        name: "entity_like_in_html",
        make: |n| format!("<div>{}</div>\n", rep("&a", n)),
    },
    Case {
        name: "link_references",
        make: |n| {
            let mut s = String::new();
            for k in 0..n {
                let _ = write!(s, "[{k}] ");
            }
            s.push_str("\n\n");
            for k in 0..n {
                let _ = writeln!(s, "[{k}]: u{k}.md");
            }
            s
        },
    },
    Case {
        name: "distinct_links",
        make: |n| {
            let mut s = String::new();
            for k in 0..n {
                let _ = write!(s, "[a](https://x.org/{k}) ");
            }
            s
        },
    },
    Case {
        name: "footnote_refs_same",
        make: |n| format!("{}\n\n[^1]: note\n", rep("x[^1] ", n)),
    },
    Case {
        name: "footnote_refs_distinct",
        make: |n| {
            let mut s = String::new();
            for k in 0..n {
                let _ = write!(s, "x[^{k}] ");
            }
            s.push_str("\n\n");
            for k in 0..n {
                let _ = writeln!(s, "[^{k}]: note {k}");
            }
            s
        },
    },
    Case {
        name: "footnote_refs_undefined",
        make: |n| rep("x[^a] ", n),
    },
    Case {
        name: "identical_headings",
        make: |n| rep("## a\n\n", n / 10),
    },
    Case {
        name: "attr_list_braces",
        make: |n| rep("{", n),
    },
    Case {
        name: "attr_list_after_emph",
        make: |n| rep("*a*{ .c } ", n),
    },
    Case {
        name: "attr_list_heading",
        make: |n| format!("# a {}}}\n", rep("{", n)),
    },
    Case {
        name: "emoji_colons",
        make: |n| rep(":a", n),
    },
    Case {
        name: "emoji_shortcodes",
        make: |n| rep(":smile: ", n),
    },
    Case {
        name: "mark_caret_tilde",
        make: |n| rep("==a ^^b ~c ^d ", n),
    },
    Case {
        name: "mark_openers_ins_closers",
        make: |n| format!("{}{}", rep("==a ", n / 2), rep("a^^ ", n / 2)),
    },
    Case {
        name: "abbreviations",
        make: |n| {
            format!(
                "{}HTML\n\n*[HTML]: Hyper Text\n*[CSS]: Style\n",
                rep("CSS ", n)
            )
        },
    },
    Case {
        name: "many_abbreviations",
        make: |n| {
            let mut s = String::new();
            for k in 0..n / 10 {
                let _ = write!(s, "A{k} ");
            }
            s.push_str("\n\n");
            for k in 0..n / 10 {
                let _ = writeln!(s, "*[A{k}]: t{k}");
            }
            s
        },
    },
    Case {
        name: "abbreviation_prefixes",
        make: |n| format!("{}\n\n*[HTML]: Hyper Text\n", rep("HTMLX ", n)),
    },
    Case {
        name: "loose_list_items",
        make: |n| rep("- a\n\n", n),
    },
    Case {
        name: "task_list_items",
        make: |n| rep("- [x] a\n", n),
    },
    Case {
        name: "list_link_definitions",
        make: |n| {
            let mut s = String::from("- a\n\n");
            for k in 0..n / 4 {
                let _ = write!(s, "  [{k}]: u\n\n");
            }
            s.push_str("  more\n\n- b\n");
            s
        },
    },
    Case {
        name: "list_blank_lines",
        make: |n| format!("- a\n\n  [a]: u\n{}  [b]: v\nx\n", "\n".repeat(n)),
    },
    Case {
        name: "definition_lists",
        make: |n| rep("a\n: b\n\n", n),
    },
    Case {
        name: "admonitions",
        make: |n| rep("!!! note\n    a\n\n", n / 4),
    },
    Case {
        name: "tabs",
        make: |n| rep("=== \"a\"\n    a\n\n", n / 4),
    },
    Case {
        name: "md_in_html_nested",
        make: |n| {
            format!(
                "{}a\n{}",
                rep("<div markdown>\n", n / 4),
                rep("</div>\n", n / 4)
            )
        },
    },
    Case {
        name: "md_in_html_unclosed",
        make: |n| rep("<div markdown>\n", n / 4),
    },
    Case {
        name: "table_columns",
        make: |n| {
            format!(
                "{}|\n{}|\n{}|\n",
                rep("|a", n / 4),
                rep("|-", n / 4),
                rep("|b", n / 4)
            )
        },
    },
    Case {
        name: "fence_hl_lines",
        make: |n| rep("```py hl_lines=\"1-99999999999\"\nx\n```\n\n", n / 8),
    },
];
