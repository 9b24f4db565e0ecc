//! The module keeps its relocations, by which the release cuts it into the main module and the
//! chunks of the screens loaded on demand (`#[lazy]`).

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
}
