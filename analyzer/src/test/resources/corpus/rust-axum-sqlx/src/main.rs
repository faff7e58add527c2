use axum::{routing::get, Router};
use sqlx::postgres::PgPoolOptions;

async fn health() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() {
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect(&std::env::var("DATABASE_URL").expect("DATABASE_URL"))
        .await
        .unwrap();

    let app = Router::new()
        .route("/health", get(health))
        .with_state(pool);

    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
