//! `clerk::jwt_template` against the mock.
