//! The spec's Markdown as rustdoc comments: wrapped to the line width, with what rustdoc
//! would misread (indented or untagged code blocks run as doctests, `[x]` read as links)
//! made inert.

/// `text` (already safe Markdown: see [`sanitise`]) as `///` lines indented by `indent`
/// spaces, wrapped at 100 columns.
pub fn comment(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let width = 100usize.saturating_sub(indent + 4).max(40);
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            out.push_str(&format!("{pad}/// {line}\n").replace("/// \n", "///\n"));
            continue;
        }
        for piece in wrap(line, width) {
            if piece.is_empty() {
                out.push_str(&format!("{pad}///\n"));
            } else {
                out.push_str(&format!("{pad}/// {piece}\n"));
            }
        }
    }
    out
}

/// Makes the spec's Markdown safe for rustdoc.
pub fn sanitise(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push("```".to_string());
            } else {
                // Never a doctest: the spec's examples are JSON, shell or another language.
                out.push("```text".to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        // Four spaces would start an indented code block (a doctest): keep at most two.
        let indent = line.len() - trimmed.len();
        let kept = " ".repeat(indent.min(2));
        out.push(format!("{kept}{}", escape_brackets(trimmed.trim_end())));
    }
    if in_fence {
        out.push("```".to_string());
    }
    // No blank lines at either end.
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Escapes `[` and `]` unless they form a Markdown link `[text](url)`, and leaves code
/// spans alone.
fn escape_brackets(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(c);
        } else if c == '[' {
            // A link: `[...](` with no `[` in between.
            let close = chars[i + 1..].iter().position(|&x| x == ']' || x == '[');
            let is_link = close
                .is_some_and(|n| chars[i + 1 + n] == ']' && chars.get(i + 2 + n) == Some(&'('));
            if is_link {
                let end = i + 1 + close.unwrap_or(0);
                out.extend(&chars[i..=end]);
                i = end + 1;
                continue;
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Breaks `line` at spaces into pieces of at most `width` characters (longer words stay
/// whole); list items continue with their text's indentation.
fn wrap(line: &str, width: usize) -> Vec<String> {
    // Tables and link definitions (`[name]: url`) must stay on one line.
    let is_definition = line.starts_with('[') && line.contains("]: ");
    if line.chars().count() <= width || line.trim_start().starts_with('|') || is_definition {
        return vec![line.to_string()];
    }
    let trimmed = line.trim_start();
    let lead = &line[..line.len() - trimmed.len()];
    let marker = ["- ", "* ", "+ "]
        .iter()
        .find(|m| trimmed.starts_with(**m))
        .map(|m| m.len())
        .or_else(|| {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            (digits > 0 && trimmed[digits..].starts_with(". ")).then_some(digits + 2)
        })
        .unwrap_or(0);
    let continuation = format!("{lead}{}", " ".repeat(marker));
    let mut pieces = Vec::new();
    let mut current = lead.to_string();
    let mut first_word = true;
    for word in trimmed.split(' ') {
        let extra = if first_word { 0 } else { 1 };
        if !first_word && current.chars().count() + extra + word.chars().count() > width {
            pieces.push(std::mem::take(&mut current));
            current = continuation.clone();
            current.push_str(word);
            continue;
        }
        if !first_word {
            current.push(' ');
        }
        current.push_str(word);
        first_word = false;
    }
    pieces.push(current);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_never_become_doctests() {
        let s = sanitise("Example:\n\n    let x = 1;\n\n```\n{\"a\": 1}\n```\n```json\n{}\n```");
        assert_eq!(
            s,
            "Example:\n\n  let x = 1;\n\n```text\n{\"a\": 1}\n```\n```text\n{}\n```"
        );
    }

    #[test]
    fn brackets_are_escaped_unless_links() {
        assert_eq!(
            escape_brackets("see [the docs](https://x) and [1] `[a]`"),
            "see [the docs](https://x) and \\[1\\] `[a]`"
        );
    }

    #[test]
    fn long_lines_wrap_with_list_indentation() {
        let long = format!("- {}", "word ".repeat(30).trim_end());
        let pieces = wrap(&long, 40);
        assert!(pieces.iter().all(|p| p.chars().count() <= 40));
        assert!(pieces[1].starts_with("  word"));
        let out = comment(&sanitise("a\n\nb"), 4);
        assert_eq!(out, "    /// a\n    ///\n    /// b\n");
    }
}
