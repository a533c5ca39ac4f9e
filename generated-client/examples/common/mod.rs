//! Shared by the examples: a client for the environment named by
//! `HERO_ENVIRONMENT` (`production`, `staging`; the mock server by default),
//! credentials from `HERO_API_KEY` and `HERO_PRACTICE_GROUP_ID`.

use hero_health::{Client, Environment};

pub fn client() -> Result<Client, Box<dyn std::error::Error>> {
    let environment = match std::env::var("HERO_ENVIRONMENT").as_deref() {
        Ok("production") => Environment::Production,
        Ok("staging") => Environment::Staging,
        _ => Environment::MockServer,
    };
    println!("using {environment:?}");
    Ok(Client::builder().environment(environment).build()?)
}

/// A value from the environment, or the example's default.
pub fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}
