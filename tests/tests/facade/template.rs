//! `clerk::template` against the mock.
