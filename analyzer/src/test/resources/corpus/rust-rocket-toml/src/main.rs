#[macro_use]
extern crate rocket;

#[get("/health")]
fn health() -> &'static str {
    "ok"
}

#[get("/<code>")]
fn resolve(code: &str) -> String {
    format!("https://example.com/{}", code)
}

#[launch]
fn rocket() -> _ {
    rocket::build().mount("/", routes![health, resolve])
}
