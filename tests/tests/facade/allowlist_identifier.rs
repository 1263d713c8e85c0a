//! `clerk::allowlist_identifier` against the mock.
