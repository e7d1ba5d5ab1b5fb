//! The MongoDB store.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use futures_util::TryStreamExt;
use futures_util::future::BoxFuture;
use mongodb::bson::{self, Bson, Document, doc};
use serde::Serialize;

use super::{Store, StoreError, StoredSearch};
use crate::upstream::wire::SsProduct;

/// MongoDB (or a MongoDB-wire-compatible server).
///
/// `products`: `{_id: <product id>, product: <raw upstream product>, categories: [ids],
/// fetchedAt: <date>}`, indexed on `categories` and `fetchedAt`. `searches`: `{_id: <query key>,
/// query, productIds, total, fetchedAtMs, fetchedAt}`, indexed on `fetchedAt`.
pub struct MongoStore {
    db: mongodb::Database,
    target: String,
}

impl fmt::Debug for MongoStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MongoStore")
            .field("target", &self.target)
            .field("db", &self.db.name())
            .finish()
    }
}

/// How long the driver looks for a usable server before an operation fails.
const MONGO_SELECTION_TIMEOUT: Duration = Duration::from_secs(2);

fn mongo_err(op: &'static str) -> impl Fn(mongodb::error::Error) -> StoreError {
    move |e| StoreError::Unavailable {
        op,
        message: e.to_string(),
    }
}

impl MongoStore {
    /// A store on `url`, database `db`. Nothing connects until first use, so a MongoDB that is
    /// down at start-up delays nothing; call [`MongoStore::ensure_indexes`] once it is up.
    pub async fn new(url: &str, db: &str) -> Result<Self, StoreError> {
        let target = crate::cache::redact_password(url);
        let mut options = mongodb::options::ClientOptions::parse(url)
            .await
            .map_err(|e| StoreError::InvalidUrl(format!("{target}: {e}")))?;
        options.server_selection_timeout = Some(MONGO_SELECTION_TIMEOUT);
        options.connect_timeout = Some(MONGO_SELECTION_TIMEOUT);
        options.app_name = Some("sss".to_owned());
        let client = mongodb::Client::with_options(options)
            .map_err(|e| StoreError::InvalidUrl(format!("{target}: {e}")))?;
        Ok(Self {
            db: client.database(db),
            target,
        })
    }

    /// Creates the indexes described above (idempotent).
    pub async fn ensure_indexes(&self) -> Result<(), StoreError> {
        let products = self.db.collection::<Document>("products");
        for key in [doc! {"categories": 1}, doc! {"fetchedAt": 1}] {
            let model = mongodb::IndexModel::builder().keys(key).build();
            products
                .create_index(model)
                .await
                .map_err(mongo_err("create index"))?;
        }
        let searches = self.db.collection::<Document>("searches");
        let model = mongodb::IndexModel::builder()
            .keys(doc! {"fetchedAt": 1})
            .build();
        searches
            .create_index(model)
            .await
            .map_err(mongo_err("create index"))?;
        Ok(())
    }

    /// Upserts `docs` (each with an `_id`) into `collection` in one round trip, with the
    /// `update` command and one replacement per document.
    async fn bulk_replace(
        &self,
        collection: &str,
        docs: Vec<Document>,
        op: &'static str,
    ) -> Result<(), StoreError> {
        if docs.is_empty() {
            return Ok(());
        }
        let updates: Vec<Bson> = docs
            .into_iter()
            .map(|d| {
                let id = d.get("_id").cloned().unwrap_or(Bson::Null);
                Bson::Document(doc! {"q": {"_id": id}, "u": d, "upsert": true})
            })
            .collect();
        let reply = self
            .db
            .run_command(doc! {"update": collection, "updates": updates, "ordered": false})
            .await
            .map_err(mongo_err(op))?;
        if let Ok(errors) = reply.get_array("writeErrors")
            && !errors.is_empty()
        {
            return Err(StoreError::Unavailable {
                op,
                message: format!("{} write errors, first: {}", errors.len(), errors[0]),
            });
        }
        Ok(())
    }
}

fn to_doc<T: Serialize>(value: &T, op: &'static str) -> Result<Document, StoreError> {
    bson::to_document(value).map_err(|e| StoreError::Corrupt {
        op,
        message: e.to_string(),
    })
}

impl Store for MongoStore {
    fn upsert_products<'a>(
        &'a self,
        products: &'a [SsProduct],
        fetched_at_ms: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let fetched_at = bson::DateTime::from_millis(fetched_at_ms);
            let mut docs = Vec::with_capacity(products.len());
            for p in products {
                let categories: Vec<&str> = p.categories.iter().map(|c| c.id.as_str()).collect();
                docs.push(doc! {
                    "_id": p.id.to_string(),
                    "product": to_doc(p, "upsert products")?,
                    "categories": categories,
                    "fetchedAt": fetched_at,
                });
            }
            self.bulk_replace("products", docs, "upsert products").await
        })
    }

    fn save_search<'a>(
        &'a self,
        search: &'a StoredSearch,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut d = to_doc(search, "save search")?;
            d.insert(
                "fetchedAt",
                bson::DateTime::from_millis(search.fetched_at_ms),
            );
            self.bulk_replace("searches", vec![d], "save search").await
        })
    }

    fn search<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<StoredSearch>, StoreError>> {
        Box::pin(async move {
            let found = self
                .db
                .collection::<Document>("searches")
                .find_one(doc! {"_id": key})
                .await
                .map_err(mongo_err("find search"))?;
            found
                .map(|mut d| {
                    d.remove("fetchedAt");
                    bson::from_document(d).map_err(|e| StoreError::Corrupt {
                        op: "find search",
                        message: e.to_string(),
                    })
                })
                .transpose()
        })
    }

    fn products<'a>(
        &'a self,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<SsProduct>, StoreError>> {
        Box::pin(async move {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let docs: Vec<Document> = self
                .db
                .collection::<Document>("products")
                .find(doc! {"_id": {"$in": ids}})
                .await
                .map_err(mongo_err("find products"))?
                .try_collect()
                .await
                .map_err(mongo_err("find products"))?;
            let mut by_id: HashMap<String, SsProduct> = HashMap::with_capacity(docs.len());
            for d in docs {
                let Ok(raw) = d.get_document("product") else {
                    continue;
                };
                let p: SsProduct =
                    bson::from_document(raw.clone()).map_err(|e| StoreError::Corrupt {
                        op: "find products",
                        message: e.to_string(),
                    })?;
                by_id.insert(p.id.to_string(), p);
            }
            Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
        })
    }

    fn ping(&self) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            self.db
                .run_command(doc! {"ping": 1})
                .await
                .map_err(mongo_err("ping"))?;
            Ok(())
        })
    }

    fn name(&self) -> &'static str {
        "mongodb"
    }
}
