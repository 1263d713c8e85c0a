//! `clerk::testing_token` against the mock.
