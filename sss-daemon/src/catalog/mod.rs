//! The `catalog` role. (Being written: see the foundation issue.)

/// Settings of the `catalog` role.
#[derive(Debug, clap::Args)]
pub struct CatalogArgs {}

/// Runs the catalog until a shutdown signal.
pub async fn run(_args: CatalogArgs) -> anyhow::Result<()> {
    anyhow::bail!("the catalog role is not built yet")
}
