//! `clerk::scim_directory` against the mock.
