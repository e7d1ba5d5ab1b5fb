//! The catalog as an in-process [`Upstream`]: the embedded default's stand-in for the ShopStyle
//! API, with no network at all.

use futures_util::future::{BoxFuture, FutureExt};

use super::{Catalog, CatalogError};
use crate::domain::{Facet, ListKind};
use crate::upstream::wire::{
    SsCategoriesResponse, SsHistogramResponse, SsProduct, SsRef, SsSearchResponse,
};
use crate::upstream::{SearchRequest, Upstream, UpstreamError};

impl CatalogError {
    /// The error as an upstream answer for `url` (ShopStyle's error body and its status).
    pub fn into_upstream(self, url: &str) -> UpstreamError {
        UpstreamError::Api {
            url: url.to_owned(),
            status: self.status(),
            code: self.status().to_string(),
            name: self.error_name().to_owned(),
            message: self.to_string(),
        }
    }
}

impl Upstream for Catalog {
    fn search<'a>(
        &'a self,
        req: &'a SearchRequest,
    ) -> BoxFuture<'a, Result<SsSearchResponse, UpstreamError>> {
        let res = Catalog::search(self, req).map_err(|e| e.into_upstream("catalog:/products"));
        std::future::ready(res).boxed()
    }

    fn product<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<SsProduct>, UpstreamError>> {
        let res = match Catalog::product(self, id) {
            Ok(p) => Ok(Some(p)),
            Err(CatalogError::ProductNotFound { .. }) => Ok(None),
            Err(e) => {
                Err(e.into_upstream(&format!("catalog:/products/{}", super::query::clip(id))))
            }
        };
        std::future::ready(res).boxed()
    }

    fn categories(&self) -> BoxFuture<'_, Result<SsCategoriesResponse, UpstreamError>> {
        let res = Catalog::categories(self, None, None)
            .map_err(|e| e.into_upstream("catalog:/categories"));
        std::future::ready(res).boxed()
    }

    fn histogram<'a>(
        &'a self,
        req: &'a SearchRequest,
        facets: &'a [Facet],
    ) -> BoxFuture<'a, Result<SsHistogramResponse, UpstreamError>> {
        let res = Catalog::histogram(self, req, facets, 0)
            .map_err(|e| e.into_upstream("catalog:/products/histogram"));
        std::future::ready(res).boxed()
    }

    fn list(&self, kind: ListKind) -> BoxFuture<'_, Result<Vec<SsRef>, UpstreamError>> {
        let list = match kind {
            ListKind::Brands => self.brands().brands,
            ListKind::Retailers => self.retailers().retailers,
            ListKind::Colors => self.colors().colors,
        };
        std::future::ready(Ok(list)).boxed()
    }

    fn suggest<'a>(
        &'a self,
        prefix: &'a str,
        limit: u32,
    ) -> BoxFuture<'a, Result<Option<Vec<crate::domain::Suggestion>>, UpstreamError>> {
        let list = Catalog::suggest(self, prefix, limit as usize)
            .into_iter()
            .map(super::Suggestion::into_public)
            .collect();
        std::future::ready(Ok(Some(list))).boxed()
    }
}
