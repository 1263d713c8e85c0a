//! `clerk::m2m_token` against the mock.
