//! `clerk::sign_up` against the mock.
