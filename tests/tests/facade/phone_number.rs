//! `clerk::phone_number` against the mock.
