//! `clerk::role_set` against the mock.
