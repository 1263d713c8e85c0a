//! `clerk::organization_role` against the mock.
