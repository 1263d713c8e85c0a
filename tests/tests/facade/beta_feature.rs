//! `clerk::beta_feature` against the mock.
