//! Strings matching simple regular expressions, such as the id patterns of the spec
//! (`^org_\w{27}$`, `^(ak|api_key)_[0-9A-Fa-f]{32}$`, `^oauth_[a-z]+$`).
//!
//! Only literals, classes, groups, alternation and quantifiers are understood; anything
//! else (lookaround, backreferences) gives None. Callers check the result with the regex
//! crate, so a wrong guess is never used.

/// Longest repetition generated, so `{1000000}` cannot exhaust memory.
const MAX_REPEAT: u32 = 1024;

/// A string matching `pattern` (first alternatives, fewest repetitions), if the pattern
/// is simple enough.
pub(crate) fn generate(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser { chars, pos: 0 };
    let alternatives = parser.alternation()?;
    if parser.pos != parser.chars.len() {
        return None;
    }
    let mut out = String::new();
    let mut counter = 0;
    emit_alternatives(&alternatives, &mut out, &mut counter);
    Some(out)
}

#[derive(Debug)]
enum Node {
    Literal(char),
    /// Characters to choose from, in order of preference.
    Class(Vec<char>),
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, u32),
}

fn emit_alternatives(alternatives: &[Vec<Node>], out: &mut String, counter: &mut usize) {
    if let Some(first) = alternatives.first() {
        for node in first {
            emit(node, out, counter);
        }
    }
}

fn emit(node: &Node, out: &mut String, counter: &mut usize) {
    match node {
        Node::Literal(c) => out.push(*c),
        Node::Class(choices) => {
            if let Some(c) = choices.get(*counter % choices.len().max(1)) {
                out.push(*c);
            }
            *counter += 1;
        }
        Node::Group(alternatives) => emit_alternatives(alternatives, out, counter),
        Node::Repeat(inner, n) => {
            for _ in 0..*n {
                emit(inner, out, counter);
            }
        }
    }
}

/// Letters first so generated ids read like `org_abcdef...`.
const WORD: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_";
const DIGITS: &str = "0123456789";
/// What a negated class or `.` picks from.
const PRINTABLE: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.";

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Option<Vec<Vec<Node>>> {
        let mut alternatives = vec![self.sequence()?];
        while self.eat('|') {
            alternatives.push(self.sequence()?);
        }
        Some(alternatives)
    }

    fn sequence(&mut self) -> Option<Vec<Node>> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let Some(atom) = self.atom()? else {
                continue;
            };
            let node = match self.quantifier()? {
                Some(n) => Node::Repeat(Box::new(atom), n),
                None => atom,
            };
            nodes.push(node);
        }
        Some(nodes)
    }

    /// One atom; `Some(None)` for a zero-width one (anchors), None when unsupported.
    fn atom(&mut self) -> Option<Option<Node>> {
        let c = self.bump()?;
        let node = match c {
            '^' | '$' => return Some(None),
            '(' => {
                if self.eat('?') && !self.eat(':') {
                    // Named groups are plain groups; lookaround is unsupported.
                    let named = if self.eat('P') {
                        self.eat('<')
                    } else {
                        self.eat('<') && !matches!(self.peek(), Some('=' | '!'))
                    };
                    if !named {
                        return None;
                    }
                    while self.bump()? != '>' {}
                }
                let alternatives = self.alternation()?;
                if !self.eat(')') {
                    return None;
                }
                Node::Group(alternatives)
            }
            '[' => self.class()?,
            '.' => Node::Class(PRINTABLE.chars().collect()),
            '\\' => match self.escape()? {
                Escape::Class(choices) => Node::Class(choices),
                Escape::Char(c) => Node::Literal(c),
                Escape::ZeroWidth => return Some(None),
            },
            '*' | '+' | '?' | '{' | ')' => return None,
            c => Node::Literal(c),
        };
        Some(Some(node))
    }

    /// How many times to repeat the atom before: the fewest allowed.
    fn quantifier(&mut self) -> Option<Option<u32>> {
        let n = match self.peek() {
            Some('?') | Some('*') => 0,
            Some('+') => 1,
            Some('{') => {
                self.pos += 1;
                let min = self.number()?;
                if self.eat(',') {
                    self.number();
                }
                if !self.eat('}') {
                    return None;
                }
                self.eat('?');
                return Some(Some(min.min(MAX_REPEAT)));
            }
            _ => return Some(None),
        };
        self.pos += 1;
        self.eat('?');
        Some(Some(n))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        digits.parse().ok()
    }

    fn class(&mut self) -> Option<Node> {
        let negated = self.eat('^');
        let mut members: Vec<char> = Vec::new();
        let mut first = true;
        loop {
            let c = self.bump()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = match c {
                '\\' => match self.escape()? {
                    Escape::Class(choices) => {
                        members.extend(choices);
                        continue;
                    }
                    Escape::Char(c) => c,
                    Escape::ZeroWidth => return None,
                },
                c => c,
            };
            let is_range = self.peek() == Some('-') && self.chars.get(self.pos + 1) != Some(&']');
            if is_range {
                self.pos += 1;
                let high = match self.bump()? {
                    '\\' => match self.escape()? {
                        Escape::Char(c) => c,
                        _ => return None,
                    },
                    c => c,
                };
                if high < low {
                    return None;
                }
                members.extend((low..=high).take(256));
            } else {
                members.push(low);
            }
        }
        let choices: Vec<char> = if negated {
            PRINTABLE.chars().filter(|c| !members.contains(c)).collect()
        } else {
            members
        };
        (!choices.is_empty()).then_some(Node::Class(choices))
    }

    fn escape(&mut self) -> Option<Escape> {
        let c = self.bump()?;
        let class = |s: &str| Some(Escape::Class(s.chars().collect()));
        match c {
            'w' => class(WORD),
            'd' => class(DIGITS),
            's' => class(" "),
            'S' => class(PRINTABLE),
            'W' => class(" -."),
            'D' => class("abcdefghijklmnopqrstuvwxyz"),
            'b' | 'B' | 'A' | 'z' => Some(Escape::ZeroWidth),
            'n' => Some(Escape::Char('\n')),
            't' => Some(Escape::Char('\t')),
            c if c.is_ascii_alphanumeric() => None,
            c => Some(Escape::Char(c)),
        }
    }
}

enum Escape {
    Class(Vec<char>),
    Char(char),
    ZeroWidth,
}

#[cfg(test)]
mod tests {
    use super::generate;
    use regex::Regex;

    #[test]
    fn generates_matching_strings() {
        for pattern in [
            r"^org_\w{27}$",
            r"^(user|org|mch)_\w{27}$",
            r"^(ak|api_key)_[0-9A-Fa-f]{32}$",
            r"^[a-z]+$",
            r"^oauth_[a-z]+$",
            r"^from_oauth_(?:token_)?[a-z]+$",
            r"^from_oauth_(?:(?:token_)|(?:custom_))?[a-z]+$",
            r"^[A-Z]{2}$",
            r"^[^_][A-Za-z0-9_-]*$",
            r"^(\S(.*\S)?)?$",
            r"^a{2,5}b{3,}\.c$",
            r"^[\w.-]+@[a-z]+\.com$",
        ] {
            let s = generate(pattern).unwrap_or_else(|| panic!("{pattern}: nothing generated"));
            assert!(
                Regex::new(pattern).unwrap().is_match(&s),
                "{pattern}: {s:?}"
            );
        }
        assert_eq!(generate(r"^org_\w{3}$").as_deref(), Some("org_abc"));
    }

    #[test]
    fn unsupported_patterns_give_none() {
        for pattern in [r"(?=x)y", r"(a)\1", "[z-a]", "(", "[abc", "a{", "*a"] {
            assert_eq!(generate(pattern), None, "{pattern}");
        }
    }
}
