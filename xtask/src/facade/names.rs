//! Rust names for spec names.

/// `statementID` -> `statement_id`, `GetUserList` -> `get_user_list`, `SAMLConnection` -> `saml_connection`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if (prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower))
                && !out.ends_with('_')
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out.trim_end_matches('_').to_string()
}

/// A module name for a tag: its words in snake case, the last one singular
/// (`"Agent Tasks"` -> `agent_task`, `"M2M Tokens"` -> `m2m_token`,
/// `"Email & SMS Templates"` -> `email_sms_template`).
pub fn module_for_tag(tag: &str) -> String {
    let original: Vec<&str> = tag
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut words: Vec<String> = original.iter().map(|w| w.to_ascii_lowercase()).collect();
    // An acronym (`JWKS`) is not a plural.
    let acronym = original
        .last()
        .is_some_and(|w| w.chars().all(|c| !c.is_ascii_lowercase()));
    if let Some(last) = words.last_mut()
        && !acronym
    {
        *last = singular(last);
    }
    let name = words.join("_");
    match name.as_str() {
        "" => "misc".to_string(),
        _ => ident(&name),
    }
}

/// `tokens` -> `token`, `entries` -> `entry`, `addresses` -> `address`; words that are
/// not plurals (`status`, `miscellaneous`, `access`) stay.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if let Some(stem) = word.strip_suffix(ending) {
            return format!("{stem}{}", &ending[..ending.len() - 2]);
        }
    }
    let keep = ["ss", "us", "is", "os"];
    match word.strip_suffix('s') {
        Some(stem) if !keep.iter().any(|k| word.ends_with(k)) && stem.len() > 1 => stem.into(),
        _ => word.to_string(),
    }
}

/// `list_plans` -> `ListPlans`.
pub fn pascal(snake_name: &str) -> String {
    snake_name
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs
                .next()
                .map(|c| c.to_ascii_uppercase())
                .unwrap_or_default();
            std::iter::once(first).chain(cs).collect::<String>()
        })
        .collect()
}

/// A field or argument identifier: snake case, keywords suffixed with `_` (`type_`).
pub fn ident(name: &str) -> String {
    let s = snake(name);
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    };
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("statementID"), "statement_id");
        assert_eq!(snake("apiKeyID"), "api_key_id");
        assert_eq!(snake("GetUserList"), "get_user_list");
        assert_eq!(snake("SAMLConnection"), "saml_connection");
        assert_eq!(snake("user_id"), "user_id");
        assert_eq!(
            snake("verifyOAuthAccessToken"),
            "verify_o_auth_access_token"
        );
        assert_eq!(ident("type"), "type_");
        assert_eq!(pascal("list_plans"), "ListPlans");
        for (tag, module) in [
            ("Agent Tasks", "agent_task"),
            ("M2M Tokens", "m2m_token"),
            ("Email & SMS Templates", "email_sms_template"),
            ("Email Addresses", "email_address"),
            ("Waitlist Entries", "waitlist_entry"),
            ("Miscellaneous", "miscellaneous"),
            ("Allow-list / Block-list", "allow_list_block_list"),
            ("JWKS", "jwks"),
            ("Billing", "billing"),
            ("Sign-in Tokens", "sign_in_token"),
        ] {
            assert_eq!(module_for_tag(tag), module, "{tag}");
        }
    }
}
