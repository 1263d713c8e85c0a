//! `clerk::waitlist_entry` against the mock.
