//! `clerk::saml_connection` against the mock.
