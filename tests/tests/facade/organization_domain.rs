//! `clerk::organization_domain` against the mock.
