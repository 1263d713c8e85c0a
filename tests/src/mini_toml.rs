//! A reader for the small TOML subset our `openapi/*.toml` files use.
//!
//! Tables, arrays of tables, and `key = value` with strings, integers, booleans and
//! (multi-line) arrays. Pulling in the `toml` crate would change the workspace lock file
//! for a few dozen lines of parsing; anything outside the subset is an error, not a guess.

use std::iter::Peekable;
use std::str::Chars;

/// A value of the subset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TomlValue {
    String(String),
    Integer(i64),
    Boolean(bool),
    Array(Vec<TomlValue>),
}

impl TomlValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            TomlValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            TomlValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[TomlValue]> {
        match self {
            TomlValue::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// One table: `[a."b"]` has the name `["a", "b"]`, `[[rule]]` is an array entry.
/// Keys before the first header form a table with an empty name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub name: Vec<String>,
    pub array: bool,
    pub entries: Vec<(String, TomlValue)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&TomlValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether this table is `[name.0.name.1...]` (or `[[...]]`).
    pub fn is(&self, name: &[&str]) -> bool {
        self.name.len() == name.len() && self.name.iter().zip(name).all(|(a, b)| a == b)
    }
}

/// Parses `text` into its tables, in file order.
pub fn parse(text: &str) -> Result<Vec<Table>, String> {
    let mut parser = Parser {
        chars: text.chars().peekable(),
        line: 1,
    };
    let mut tables = vec![Table::default()];
    loop {
        parser.skip_blank(true);
        let Some(&c) = parser.chars.peek() else {
            break;
        };
        if c == '[' {
            parser.next();
            let array = parser.eat('[');
            let name = parser.key_path(']')?;
            parser.expect(']')?;
            if array {
                parser.expect(']')?;
            }
            parser.end_of_line()?;
            tables.push(Table {
                name,
                array,
                entries: Vec::new(),
            });
        } else {
            let key = parser.key_path('=')?.join(".");
            parser.expect('=')?;
            parser.skip_blank(false);
            let value = parser.value()?;
            parser.end_of_line()?;
            if let Some(table) = tables.last_mut() {
                table.entries.push((key, value));
            }
        }
    }
    Ok(tables)
}

struct Parser<'a> {
    chars: Peekable<Chars<'a>>,
    line: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<char> {
        let c = self.chars.next();
        if c == Some('\n') {
            self.line += 1;
        }
        c
    }

    fn eat(&mut self, want: char) -> bool {
        if self.chars.peek() == Some(&want) {
            self.next();
            true
        } else {
            false
        }
    }

    fn error(&self, what: &str) -> String {
        format!("line {}: {what}", self.line)
    }

    fn expect(&mut self, want: char) -> Result<(), String> {
        self.skip_blank(false);
        if self.eat(want) {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{want}`")))
        }
    }

    /// Skips spaces and comments, and newlines too when `newlines` is set.
    fn skip_blank(&mut self, newlines: bool) {
        while let Some(&c) = self.chars.peek() {
            match c {
                ' ' | '\t' | '\r' => {
                    self.next();
                }
                '\n' if newlines => {
                    self.next();
                }
                '#' => {
                    while self.chars.peek().is_some_and(|&c| c != '\n') {
                        self.next();
                    }
                }
                _ => break,
            }
        }
    }

    fn end_of_line(&mut self) -> Result<(), String> {
        self.skip_blank(false);
        match self.chars.peek().copied() {
            None | Some('\n') => Ok(()),
            Some(c) => Err(self.error(&format!("unexpected `{c}` after a value"))),
        }
    }

    /// `a."b".c` up to (not including) `end`.
    fn key_path(&mut self, end: char) -> Result<Vec<String>, String> {
        let mut parts = Vec::new();
        loop {
            self.skip_blank(false);
            let part = match self.chars.peek() {
                Some('"') => self.basic_string()?,
                Some('\'') => self.literal_string()?,
                _ => {
                    let mut bare = String::new();
                    while let Some(&c) = self.chars.peek() {
                        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                            bare.push(c);
                            self.next();
                        } else {
                            break;
                        }
                    }
                    if bare.is_empty() {
                        return Err(self.error("expected a key"));
                    }
                    bare
                }
            };
            parts.push(part);
            self.skip_blank(false);
            if !self.eat('.') {
                break;
            }
        }
        match self.chars.peek() {
            Some(&c) if c == end => Ok(parts),
            _ => Err(self.error(&format!("expected `{end}` after a key"))),
        }
    }

    fn value(&mut self) -> Result<TomlValue, String> {
        match self.chars.peek() {
            Some('"') => self.basic_string().map(TomlValue::String),
            Some('\'') => self.literal_string().map(TomlValue::String),
            Some('[') => self.array(),
            Some(_) => {
                let mut word = String::new();
                while let Some(&c) = self.chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '+' {
                        word.push(c);
                        self.next();
                    } else {
                        break;
                    }
                }
                match word.as_str() {
                    "true" => Ok(TomlValue::Boolean(true)),
                    "false" => Ok(TomlValue::Boolean(false)),
                    _ => word
                        .replace('_', "")
                        .parse()
                        .map(TomlValue::Integer)
                        .map_err(|_| self.error(&format!("unsupported value `{word}`"))),
                }
            }
            None => Err(self.error("expected a value")),
        }
    }

    fn array(&mut self) -> Result<TomlValue, String> {
        self.next();
        let mut items = Vec::new();
        loop {
            self.skip_blank(true);
            if self.eat(']') {
                return Ok(TomlValue::Array(items));
            }
            items.push(self.value()?);
            self.skip_blank(true);
            if !self.eat(',') {
                self.skip_blank(true);
                return if self.eat(']') {
                    Ok(TomlValue::Array(items))
                } else {
                    Err(self.error("expected `,` or `]` in an array"))
                };
            }
        }
    }

    fn basic_string(&mut self) -> Result<String, String> {
        self.next();
        let mut out = String::new();
        loop {
            match self.next() {
                None | Some('\n') => return Err(self.error("unterminated string")),
                Some('"') => return Ok(out),
                Some('\\') => {
                    let escaped = match self.next() {
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some('r') => '\r',
                        Some('"') => '"',
                        Some('\\') => '\\',
                        Some('u') => {
                            let hex: String = (0..4).filter_map(|_| self.next()).collect();
                            u32::from_str_radix(&hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.error("bad \\u escape"))?
                        }
                        _ => return Err(self.error("unsupported escape")),
                    };
                    out.push(escaped);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn literal_string(&mut self) -> Result<String, String> {
        self.next();
        let mut out = String::new();
        loop {
            match self.next() {
                None | Some('\n') => return Err(self.error("unterminated string")),
                Some('\'') => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tables_arrays_and_values() {
        let tables = parse(
            r#"
            # comment
            top = 1
            [current]
            bapi = "2026-05-12" # trailing
            [bapi."2026-05-12"]
            path = 'bapi/2026-05-12.yml'
            [[rule]]
            id = "a"
            hand_written = true
            operations = [
              "One", # first
              "Two",
            ]
            [[rule]]
            id = "b"
            "#,
        )
        .unwrap();
        assert_eq!(tables[0].get("top"), Some(&TomlValue::Integer(1)));
        assert!(tables[2].is(&["bapi", "2026-05-12"]));
        assert_eq!(
            tables[2].get("path").and_then(TomlValue::as_str),
            Some("bapi/2026-05-12.yml")
        );
        assert!(tables[3].array && tables[3].is(&["rule"]));
        assert_eq!(
            tables[3].get("hand_written").and_then(TomlValue::as_bool),
            Some(true)
        );
        assert_eq!(
            tables[3]
                .get("operations")
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(tables.len(), 5);
    }

    #[test]
    fn odd_input_is_an_error() {
        assert!(parse("a = ").is_err());
        assert!(parse("a = \"open").is_err());
        assert!(parse("[unclosed").is_err());
        assert!(parse("a = [1, 2").is_err());
        assert!(parse("a = 1.5e3").is_err());
    }
}
