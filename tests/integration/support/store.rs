//! The tests' own connection to a test app's database, for SQL assertions and set-ups no use
//! case offers (the app keeps its store private). Each call opens a new pool.

use crate::support::TestApp;

pub async fn store(app: &TestApp) -> dimos_db::Db {
    crate::support::instances::open_database(app.database_url()).await
}

impl TestApp {
    pub async fn request_status(&self, id: &str) -> String {
        sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(store(self).await.pool())
            .await
            .unwrap()
    }
}
