//! The tests' own connection to a test app's database, for SQL assertions and set-ups no use
//! case offers (the app keeps its store private). Each call opens a new pool.

use crate::support::TestApp;

pub async fn store(app: &TestApp) -> dimos_db::Db {
    crate::instances::open_database(app.database_url()).await
}
