//! Where things are in a YAML text: an index from key paths (`plugins` / item 1 / `blog` /
//! `post_dir`) to the line and column of the key, built from the events of a span-keeping
//! parser, and the position of the first syntax error. Used for every diagnostic about
//! mkdocs.yml and front matter; the values themselves are read by serde_yaml.
//!
//! The index is one pass over the parser's events and holds one small entry per key or list
//! item, so its size and the time to build it grow linearly with the text.
//!
//! The span parser follows YAML 1.2 and is stricter than the libyaml behind serde_yaml in a few
//! places (a quoted or flow value continued on a line that starts at column 1): the index then
//! ends there, and keys below it are placed at their nearest indexed parent (or line 1).

use saphyr_parser::{Event, Marker, Parser, Span};
use std::collections::HashMap;

/// One step of a key path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// The value of this key of a mapping.
    Key(&'a str),
    /// This item (0-based) of a list.
    Item(usize),
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Item(usize),
}

/// Node ids: 0 is the document's root value; `DEAD` marks what is under a complex key
/// (a list or mapping used as a key), which no path can name.
const ROOT: u32 = 0;
const DEAD: u32 = u32::MAX;

enum Frame {
    Map {
        node: u32,
        /// The key just read, whose value comes next (None: a key comes next).
        pending: Option<u32>,
    },
    List {
        node: u32,
        next: usize,
    },
}

/// A key written a second (or later) time in one mapping: PyYAML and `yaml::from_str` keep
/// the last value, so the index points at this one from then on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub key: String,
    /// Where this repeat is.
    pub at: Pos,
    /// Where the key was written before.
    pub before: Pos,
}

/// Key positions of one YAML document (the first of the text).
#[derive(Debug, Default)]
pub struct Positions {
    children: HashMap<(u32, Step), u32>,
    pos: Vec<Pos>,
    error: Option<Pos>,
    /// Keys written again in the same mapping, in text order.
    repeated: Vec<Repeat>,
    /// The character index of each `\n`, kept only when the text has a lone `\r`: the parser
    /// counts that as a line break, while every diagnostic counts `\n` lines.
    newlines: Option<Vec<usize>>,
}

impl Positions {
    /// Reads `text` once. A syntax error ends the index there and is kept as `error`.
    pub fn of(text: &str) -> Positions {
        let lone_cr = text
            .as_bytes()
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        let newlines = lone_cr.then(|| {
            text.chars()
                .enumerate()
                .filter_map(|(i, c)| (c == '\n').then_some(i))
                .collect()
        });
        let mut p = Positions {
            pos: vec![Pos { line: 1, col: 1 }],
            newlines,
            ..Default::default()
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut started = false;
        for ev in Parser::new_from_str(text) {
            let (ev, span) = match ev {
                Ok(x) => x,
                Err(e) => {
                    p.error = Some(p.place(*e.marker()));
                    break;
                }
            };
            match ev {
                Event::DocumentStart(_) if started => break,
                Event::DocumentStart(_) => started = true,
                Event::DocumentEnd | Event::StreamEnd => {
                    if stack.is_empty() && started {
                        break;
                    }
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                Event::Scalar(ref s, ..) => {
                    p.node(&mut stack, span, Some(s));
                }
                Event::Alias(_) => {
                    p.node(&mut stack, span, None);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(ev, Event::MappingStart(..));
                    let node = p.node(&mut stack, span, None);
                    stack.push(if is_map {
                        Frame::Map {
                            node,
                            pending: None,
                        }
                    } else {
                        Frame::List { node, next: 0 }
                    });
                }
                Event::StreamStart | Event::Nothing => {}
            }
        }
        p
    }

    /// The position of the first syntax error, if the parser found one.
    pub fn error(&self) -> Option<Pos> {
        self.error
    }

    /// Where the key (or list item) at the end of `path` starts; `None` when it is not in
    /// the text (or the path is empty).
    pub fn find(&self, path: &[Seg]) -> Option<Pos> {
        if path.is_empty() {
            return None;
        }
        let mut node = ROOT;
        for seg in path {
            let step = match *seg {
                Seg::Key(k) => Step::Key(k.to_string()),
                Seg::Item(i) => Step::Item(i),
            };
            node = *self.children.get(&(node, step))?;
        }
        self.pos.get(node as usize).copied()
    }

    /// The keys written more than once in one mapping, at any depth, in text order.
    pub fn repeated(&self) -> &[Repeat] {
        &self.repeated
    }

    /// The keys of the root mapping with their lines, in no particular order.
    pub fn top_level_keys(&self) -> impl Iterator<Item = (&str, usize)> {
        self.children
            .iter()
            .filter_map(|((parent, step), id)| match step {
                Step::Key(k) if *parent == ROOT => Some((k.as_str(), self.pos[*id as usize].line)),
                _ => None,
            })
    }

    /// Where `path` is, or its nearest ancestor that is in the text, or line 1 column 1.
    pub fn locate(&self, path: &[Seg]) -> Pos {
        (0..=path.len())
            .rev()
            .find_map(|n| self.find(&path[..n]))
            .unwrap_or(Pos { line: 1, col: 1 })
    }

    /// The line of `path` (see `locate`).
    pub fn line(&self, path: &[Seg]) -> usize {
        self.locate(path).line
    }

    /// A parser position as a line and column of `\n`-separated lines.
    fn place(&self, m: Marker) -> Pos {
        match &self.newlines {
            None => Pos {
                line: m.line().max(1),
                col: m.col() + 1,
            },
            Some(nl) => {
                let before = nl.partition_point(|&i| i < m.index());
                let start = if before == 0 { 0 } else { nl[before - 1] + 1 };
                Pos {
                    line: before + 1,
                    col: m.index().saturating_sub(start) + 1,
                }
            }
        }
    }

    fn add(&mut self, parent: u32, step: Step, span: Span) -> u32 {
        if parent == DEAD {
            return DEAD;
        }
        let id = self.pos.len() as u32;
        let at = self.place(span.start);
        let key = (parent, step);
        if let (Some(&before), Step::Key(k)) = (self.children.get(&key), &key.1) {
            // A repeated key: its last value is the one read, so paths lead to the new
            // node (what was under the earlier one is left unreachable).
            self.repeated.push(Repeat {
                key: k.clone(),
                at,
                before: self.pos[before as usize],
            });
        }
        self.children.insert(key, id);
        self.pos.push(at);
        id
    }

    /// One node event (scalar, alias, or the start of a collection) in the current frame;
    /// `scalar` is the text of a scalar. Returns the id of the node the event is (what a
    /// collection that opens here holds).
    fn node(&mut self, stack: &mut [Frame], span: Span, scalar: Option<&str>) -> u32 {
        match stack.last_mut() {
            None => ROOT,
            Some(Frame::List { node, next }) => {
                let (parent, i) = (*node, *next);
                *next += 1;
                self.add(parent, Step::Item(i), span)
            }
            Some(Frame::Map { node, pending }) => match pending.take() {
                Some(value_node) => value_node,
                None => {
                    let parent = *node;
                    *pending = Some(match scalar {
                        Some(k) => self.add(parent, Step::Key(k.to_string()), span),
                        // A complex key: neither it nor its value can be named.
                        None => DEAD,
                    });
                    // What is read here is the key itself, which no path names.
                    DEAD
                }
            },
        }
    }
}

/// The line of the top-level key `key` of the YAML `text` (1 when it is not there).
pub fn line_of_key(text: &str, key: &str) -> usize {
    Positions::of(text).line(&[Seg::Key(key)])
}
