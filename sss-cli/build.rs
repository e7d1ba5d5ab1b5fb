//! Sets `SSS_BUILD_COMMIT`, the commit `--version` names (../build-info.rs).

include!("../build-info.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../build-info.rs");
    build_commit();
}
