//! Rebuild when templates are added or removed (include_dir only notices
//! edits of files it already embeds).
fn main() {
    println!("cargo:rerun-if-changed=templates");
}
