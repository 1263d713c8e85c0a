//! `clerk::blocklist_identifier` against the mock.
