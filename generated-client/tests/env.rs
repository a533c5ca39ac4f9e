//! Credentials from the environment. Its own test binary: it sets process
//! environment variables, which other tests must not see.

use hero_health::{Client, ConfigError};

#[test]
fn credentials_come_from_the_environment_when_not_given() {
    std::env::remove_var("HERO_API_KEY");
    std::env::remove_var("HERO_PRACTICE_GROUP_ID");
    let error = Client::builder().build().expect_err("nothing set anywhere");
    assert!(matches!(error, ConfigError::MissingCredential { env: "HERO_API_KEY", .. }), "{error:?}");
    assert!(error.to_string().contains("HERO_API_KEY"), "{error}");

    std::env::set_var("HERO_API_KEY", "from-env-key-77");
    std::env::set_var("HERO_PRACTICE_GROUP_ID", "from-env-group");
    let client = Client::builder().build().expect("both read from the environment");
    assert!(!format!("{client:?}").contains("from-env-key-77"));
    // A value given to the builder wins over the environment.
    Client::builder().api_key("given").build().expect("the group id still comes from the environment");
}
