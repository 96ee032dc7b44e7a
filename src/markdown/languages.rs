//! Which syntax highlights a code block's language: the names and aliases pymdownx.highlight
//! accepts (Pygments' lexer aliases) mapped to syntect syntaxes, from syntect's default set or,
//! for the languages only it has, the extra set curated by the bat project (`two-face` crate).
//! Each set is loaded on first use, so a build whose code needs neither extra syntax never
//! reads the extra set. Also Pygments' lexer name of a language, for `auto_title`.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};
use syntect::parsing::{SyntaxReference, SyntaxSet};

static DEFAULT: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static EXTRA: OnceLock<SyntaxSet> = OnceLock::new();

/// The extra syntaxes, read from the binary on first use.
fn extra() -> &'static SyntaxSet {
    EXTRA.get_or_init(two_face::syntax::extra_newlines)
}

/// Whether this process has read the extra syntaxes (a build whose code blocks all use the
/// default set's languages never does).
pub fn extra_loaded() -> bool {
    EXTRA.get().is_some()
}

/// Syntect's name for plain text: a language shown without highlighting.
const PLAIN: &str = "Plain Text";

/// (Pygments' lexer name, syntect syntax name, Pygments' aliases of that lexer). The aliases
/// are the names pymdownx.highlight accepts after a fence (compared in lower case, as
/// Pygments does); the syntax is looked up in the default set first, then in the extra set.
/// Pygments has no lexer for some syntaxes here (Svelte, jq, ...): those names reach the
/// syntaxes through their file extensions instead (see `find`).
const PYGMENTS: &[(&str, &str, &[&str])] = &[
    ("Text only", "Plain Text", &["text"]),
    (
        "Python",
        "Python",
        &[
            "python", "py", "sage", "python3", "py3", "bazel", "starlark", "pyi",
        ],
    ),
    (
        "Python console session",
        "Python",
        &["pycon", "python-console"],
    ),
    ("JavaScript", "JavaScript", &["javascript", "js"]),
    ("TypeScript", "TypeScript", &["typescript", "ts"]),
    ("JSX", "JavaScript (Babel)", &["jsx", "react"]),
    ("TSX", "TypeScriptReact", &["tsx"]),
    (
        "Bash",
        "Bourne Again Shell (bash)",
        &["bash", "sh", "ksh", "zsh", "shell", "openrc"],
    ),
    (
        "Bash Session",
        "Bourne Again Shell (bash)",
        &["console", "shell-session"],
    ),
    ("Fish", "Fish", &["fish", "fishshell"]),
    (
        "PowerShell",
        "PowerShell",
        &["powershell", "pwsh", "posh", "ps1", "psm1"],
    ),
    (
        "PowerShell Session",
        "PowerShell",
        &["pwsh-session", "ps1con"],
    ),
    (
        "Batchfile",
        "Batch File",
        &["batch", "bat", "dosbatch", "winbatch"],
    ),
    ("C", "C", &["c"]),
    ("C++", "C++", &["cpp", "c++"]),
    ("C#", "C#", &["csharp", "c#", "cs"]),
    (
        "Objective-C",
        "Objective-C",
        &["objective-c", "objectivec", "obj-c", "objc"],
    ),
    (
        "Objective-C++",
        "Objective-C++",
        &["objective-c++", "objectivec++", "obj-c++", "objc++"],
    ),
    ("Java", "Java", &["java"]),
    ("Kotlin", "Kotlin", &["kotlin"]),
    ("Scala", "Scala", &["scala"]),
    ("Groovy", "Groovy", &["groovy"]),
    ("Swift", "Swift", &["swift"]),
    ("Go", "Go", &["go", "golang"]),
    ("Rust", "Rust", &["rust", "rs"]),
    ("Ruby", "Ruby", &["ruby", "rb", "duby"]),
    ("PHP", "PHP", &["php", "php3", "php4", "php5"]),
    ("Perl", "Perl", &["perl", "pl"]),
    ("Lua", "Lua", &["lua"]),
    ("S", "R", &["splus", "s", "r"]),
    ("Julia", "Julia", &["julia", "jl"]),
    ("Haskell", "Haskell", &["haskell", "hs"]),
    ("OCaml", "OCaml", &["ocaml"]),
    ("F#", "F#", &["fsharp", "f#"]),
    ("Clojure", "Clojure", &["clojure", "clj"]),
    ("Elixir", "Elixir", &["elixir", "ex", "exs"]),
    ("Erlang", "Erlang", &["erlang"]),
    ("Elm", "Elm", &["elm"]),
    ("Dart", "Dart", &["dart"]),
    ("Zig", "Zig", &["zig"]),
    ("Nimrod", "Nim", &["nimrod", "nim"]),
    ("Crystal", "Crystal", &["cr", "crystal"]),
    ("D", "D", &["d"]),
    (
        "Delphi",
        "Pascal",
        &["delphi", "pas", "pascal", "objectpascal"],
    ),
    ("Fortran", "Fortran (Modern)", &["fortran", "f90"]),
    ("Ada", "Ada", &["ada", "ada95", "ada2005"]),
    ("Common Lisp", "Lisp", &["common-lisp", "cl", "lisp"]),
    ("Scheme", "Lisp", &["scheme", "scm"]),
    ("Racket", "Racket", &["racket", "rkt"]),
    (
        "CoffeeScript",
        "CoffeeScript",
        &["coffeescript", "coffee-script", "coffee"],
    ),
    ("LiveScript", "LiveScript", &["livescript", "live-script"]),
    ("PureScript", "PureScript", &["purescript", "purs"]),
    ("Standard ML", "SML", &["sml"]),
    ("Tcl", "Tcl", &["tcl"]),
    ("Awk", "AWK", &["awk", "gawk", "mawk", "nawk"]),
    ("Matlab", "MATLAB", &["matlab"]),
    ("HTML", "HTML", &["html"]),
    ("XML", "XML", &["xml"]),
    ("CSS", "CSS", &["css"]),
    ("SCSS", "SCSS", &["scss"]),
    ("Sass", "Sass", &["sass"]),
    ("LessCss", "Less", &["less"]),
    ("Vue", "Vue Component", &["vue"]),
    ("JSON", "JSON", &["json", "json-object"]),
    ("YAML", "YAML", &["yaml", "yml"]),
    ("TOML", "TOML", &["toml"]),
    ("INI", "INI", &["ini", "cfg", "dosini"]),
    (
        "Properties",
        "Java Properties",
        &["properties", "jproperties"],
    ),
    ("SQL", "SQL", &["sql"]),
    ("GraphQL", "GraphQL", &["graphql"]),
    ("Protocol Buffer", "Protocol Buffer", &["protobuf", "proto"]),
    ("Docker", "Dockerfile", &["docker", "dockerfile"]),
    (
        "Makefile",
        "Makefile",
        &["make", "makefile", "mf", "bsdmake"],
    ),
    ("CMake", "CMake", &["cmake"]),
    ("Nginx configuration file", "nginx", &["nginx"]),
    (
        "ApacheConf",
        "Apache Conf",
        &["apacheconf", "aconf", "apache"],
    ),
    ("Terraform", "Terraform", &["terraform", "tf", "hcl"]),
    ("Nix", "Nix", &["nixos", "nix"]),
    ("Puppet", "Puppet", &["puppet"]),
    ("Diff", "Diff", &["diff", "udiff"]),
    ("Markdown", "Markdown", &["markdown", "md"]),
    (
        "reStructuredText",
        "reStructuredText",
        &["restructuredtext", "rst", "rest"],
    ),
    ("TeX", "LaTeX", &["tex", "latex"]),
    ("BibTeX", "BibTeX", &["bibtex", "bib"]),
    ("Django/Jinja", "Jinja2", &["django", "jinja"]),
    (
        "HTML+Django/Jinja",
        "HTML (Jinja2)",
        &["html+django", "html+jinja", "htmldjango"],
    ),
    ("Twig", "HTML (Twig)", &["twig"]),
    ("HTML+Twig", "HTML (Twig)", &["html+twig"]),
    ("ERB", "HTML (Rails)", &["erb"]),
    ("Haml", "Ruby Haml", &["haml"]),
    ("Slim", "Ruby Slim", &["slim"]),
    ("VimL", "VimL", &["vim"]),
    ("GLSL", "GLSL", &["glsl"]),
    ("LLVM", "LLVM", &["llvm"]),
    ("NASM", "x86_64 Assembly", &["nasm"]),
    ("verilog", "Verilog", &["verilog", "v"]),
    ("systemverilog", "SystemVerilog", &["systemverilog", "sv"]),
    ("vhdl", "VHDL", &["vhdl"]),
    ("Solidity", "Solidity", &["solidity"]),
    ("HTTP", "HTTP Request and Response", &["http"]),
    ("Graphviz", "Graphviz (DOT)", &["graphviz", "dot"]),
    ("Jsonnet", "jsonnet", &["jsonnet"]),
    ("Rego", "Rego", &["rego"]),
    ("GDScript", "GDScript (Godot Engine)", &["gdscript", "gd"]),
    ("QML", "QML", &["qml", "qbs"]),
    ("Idris", "Idris", &["idris", "idr"]),
    ("Lean4", "Lean 4", &["lean4"]),
    ("NSIS", "NSIS", &["nsis", "nsi", "nsh"]),
    ("RobotFramework", "Robot Framework", &["robotframework"]),
    ("Gnuplot", "gnuplot", &["gnuplot"]),
    ("ActionScript", "ActionScript", &["actionscript", "as"]),
    ("AppleScript", "AppleScript", &["applescript"]),
    ("WebGPU Shading Language", "WGSL", &["wgsl"]),
    ("ODIN", "Odin", &["odin"]),
    ("Typst", "Typst", &["typst"]),
    (
        "Literate Haskell",
        "Literate Haskell",
        &["literate-haskell", "lhaskell", "lhs"],
    ),
    ("Java Server Page", "Java Server Page (JSP)", &["jsp"]),
    ("Wikitext", "MediaWiki", &["wikitext", "mediawiki"]),
    ("Vyper", "Vyper", &["vyper"]),
    (
        "YAML+Jinja",
        "Salt State (SLS)",
        &["yaml+jinja", "salt", "sls"],
    ),
];

/// Alias (lower case) -> row of `PYGMENTS`.
static ALIASES: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (i, (_, _, aliases)) in PYGMENTS.iter().enumerate() {
        for a in *aliases {
            map.entry(*a).or_insert(i);
        }
    }
    map
});

/// The row of `PYGMENTS` for `lang` as written after a fence.
fn row(lang: &str) -> Option<&'static (&'static str, &'static str, &'static [&'static str])> {
    let lower = lang.trim().to_lowercase();
    ALIASES.get(lower.as_str()).map(|&i| &PYGMENTS[i])
}

/// Pygments' lexer name for `lang` (`Python`, `Bash Session`), None for a name it does not
/// have in this table.
pub fn pygments_name(lang: &str) -> Option<&'static str> {
    row(lang).map(|r| r.0)
}

/// The syntax (and the set it belongs to) that highlights `lang`; None for plain text and
/// for languages neither set knows. Pygments' names come first; any other name is tried as
/// a syntax name or file extension (`mjs`, `svelte`), in the default set and then the extra one.
pub fn find(lang: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let lang = lang.trim();
    if lang.is_empty() {
        return None;
    }
    let found = match row(lang) {
        Some(&(_, name, _)) if name == PLAIN => return None,
        Some(&(_, name, _)) => by_name(name),
        None => by_token(lang).or_else(|| by_token(&lang.to_lowercase())),
    };
    found.filter(|(_, s)| s.name != PLAIN)
}

fn by_name(name: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let default = &*DEFAULT;
    if let Some(s) = default.find_syntax_by_name(name) {
        return Some((default, s));
    }
    let extra = extra();
    extra.find_syntax_by_name(name).map(|s| (extra, s))
}

fn by_token(token: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let default = &*DEFAULT;
    if let Some(s) = default.find_syntax_by_token(token) {
        return Some((default, s));
    }
    let extra = extra();
    extra.find_syntax_by_token(token).map(|s| (extra, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_a_syntax_of_one_of_the_sets() {
        for (lexer, syntax, aliases) in PYGMENTS {
            if *syntax == PLAIN {
                continue;
            }
            assert!(
                by_name(syntax).is_some(),
                "{lexer}: no syntax named {syntax:?}"
            );
            assert!(!aliases.is_empty(), "{lexer}: no alias");
            for a in *aliases {
                assert_eq!(
                    a.to_lowercase(),
                    *a,
                    "{lexer}: alias {a:?} is not lower case"
                );
            }
        }
    }

    #[test]
    fn pygments_names_and_plain_text() {
        assert_eq!(pygments_name("C#"), Some("C#"));
        assert_eq!(pygments_name(" shell-session "), Some("Bash Session"));
        assert_eq!(pygments_name("nosuchlang"), None);
        assert!(find("text").is_none() && find("").is_none() && find("txt").is_none());
        assert!(find("nosuchlang").is_none());
        let (_, s) = find("TOML").unwrap();
        assert_eq!(s.name, "TOML");
        // Names that are not Pygments' aliases still reach a syntax by extension.
        assert_eq!(find("mjs").unwrap().1.name, "JavaScript (Babel)");
        assert_eq!(find("svelte").unwrap().1.name, "Svelte");
    }

    #[test]
    fn default_set_syntaxes_come_from_the_default_set() {
        let (set, s) = find("python").unwrap();
        assert!(std::ptr::eq(set, &*DEFAULT), "{}", s.name);
        let (set, _) = find("kotlin").unwrap();
        assert!(std::ptr::eq(set, extra()));
    }
}
