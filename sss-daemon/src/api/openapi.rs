//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the public API.
//!
//! The responses and their schemas come from the handlers' annotations and the domain types; the
//! parameters are written here from the same constants and patterns the checks use
//! (`sss_core::domain`), so the document cannot promise other bounds than the server keeps. Known
//! category ids are listed as they are loaded, so a generated request names a real category.
//! What JSON Schema cannot say across parameters (`cat` or `fts` is required; `offset + limit`
//! at most 5000; `minPrice` at most `maxPrice`; `eid` above `sid` by 1 to 100) is in each
//! operation's description.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use sss_core::api::{
    CacheInfo, CategoryList, FacetValue, FacetsPage, NamedList, NamedValue, SearchPage, SuggestPage,
};
use sss_core::domain::{
    CacheStatus, Category, DEFAULT_LIMIT, DEFAULT_SUGGESTIONS, DISCOUNT_FILTERS, Facet, Image,
    ImageSize, MAX_FILTER_VALUES, MAX_FTS_CHARS, MAX_FTS_WORDS, MAX_ID_CHARS, MAX_LIMIT,
    MAX_OFFSET, MAX_PRICE, MAX_PRODUCT_ID_CHARS, MAX_SUGGESTIONS, MIN_LIMIT, Named, Product,
    SearchQuery, Sort, Suggestion, SuggestionKind, TextMatch, patterns,
};
use sss_core::service::FACET_VALUES;
use utoipa::OpenApi;

use super::handlers::facets::MAX_PREFIX_CHARS;

use super::categories::CategoryIndex;
use super::handlers::{categories, facets, health, items, products};
use super::schema::{CheckState, ErrorBody, ErrorDetail, ReadinessBody};
use super::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "SSS API",
        version = "1",
        description = "Cached product search over the ShopStyle API. Repeat searches are \
                       answered from memory; `X-Cache` says how (HIT, MISS, STALE, STORE). Every \
                       error has the JSON body `{\"error\": {\"code\", \"message\", \
                       \"parameter\"?}}` and is never cached. Browsers may call it from other \
                       origins (CORS; the allowed origins are a setting, any by default)."
    ),
    paths(
        products::search,
        products::show,
        categories::list,
        items::list,
        facets::facets,
        facets::brands,
        facets::retailers,
        facets::colors,
        facets::suggest,
        health::healthz,
        health::readyz,
        health::metrics,
        spec,
    ),
    components(schemas(
        SearchPage,
        FacetsPage,
        FacetValue,
        NamedList,
        NamedValue,
        SuggestPage,
        Suggestion,
        SuggestionKind,
        CacheInfo,
        CategoryList,
        ErrorBody,
        ErrorDetail,
        ReadinessBody,
        CheckState,
        Product,
        Category,
        Named,
        Image,
        ImageSize,
        SearchQuery,
        Sort,
        TextMatch,
        CacheStatus
    ))
)]
struct ApiDoc;

/// The OpenAPI document of this API.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta", operation_id = "getOpenApi",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn spec(State(state): State<AppState>) -> Json<Value> {
    let index = state.categories().await;
    Json(document(index.as_deref().map(CategoryIndex::ids)))
}

/// The document, with `categories` as the allowed category ids when they are known.
pub fn document(categories: Option<&[String]>) -> Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_else(|_| json!({}));
    let schemas = &mut doc["components"]["schemas"];
    schemas["CategoryId"] = category_id(categories);
    schemas["FilterId"] = json!({
        "type": "string",
        "pattern": patterns::filter_id(),
        "description": "A brand, retailer or colour id: a number."
    });
    let path = |p: &str| format!("/api/v1/{p}");
    doc["paths"][path("products")]["get"]["parameters"] = search_parameters();
    doc["paths"][path("facets")]["get"]["parameters"] = facets_parameters();
    for list in ["brands", "retailers", "colors"] {
        doc["paths"][path(list)]["get"]["parameters"] = list_parameters();
    }
    let mut suggest = list_parameters();
    suggest[0]["required"] = json!(true);
    suggest[0]["description"] = json!(format!(
        "What has been typed: 1 to {MAX_PREFIX_CHARS} characters, no control characters \
         (typo-tolerant with the bundled catalog)."
    ));
    suggest[0]["schema"]["minLength"] = json!(1);
    suggest[0]["schema"]["pattern"] =
        json!(format!("^[^\\S{CONTROL}]*[^\\s{CONTROL}][^{CONTROL}]*$"));
    if let Some(list) = suggest.as_array_mut() {
        list.push(json!({
            "name": "limit",
            "in": "query",
            "description": format!("How many suggestions, 1 to {MAX_SUGGESTIONS} (default {DEFAULT_SUGGESTIONS})."),
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_SUGGESTIONS, "default": DEFAULT_SUGGESTIONS}
        }));
    }
    doc["paths"][path("suggest")]["get"]["parameters"] = suggest;
    doc["paths"][path("categories")]["get"]["responses"]["200"]["links"] = json!({
        "SearchCategory": {
            "operationId": "searchProducts",
            "parameters": {"cat": "$response.body#/categories/0/id"},
            "description": "The products of the first category."
        }
    });
    doc["paths"][path("products/{id}")]["get"]["parameters"] = json!([{
        "name": "id",
        "in": "path",
        "required": true,
        "description": "A product id.",
        "example": "34566",
        "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_PRODUCT_ID_CHARS,
            "pattern": patterns::product_id()
        }
    }]);
    doc["paths"][path("items/{category}/{sid}/{eid}")]["get"]["parameters"] = items_parameters();
    require_arrays(&mut doc["components"]["schemas"]["Product"]);
    doc
}

/// The allowed category ids: their pattern, and the known ids when the tree is loaded.
fn category_id(known: Option<&[String]>) -> Value {
    let mut schema = json!({
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_ID_CHARS,
        "pattern": patterns::category_id(),
        "description": "A category id (GET /api/v1/categories lists them); its whole subtree \
                        matches. An unknown id is a 400 naming close ones."
    });
    if let Some(ids) = known.filter(|ids| !ids.is_empty()) {
        schema["enum"] = json!(ids);
    }
    schema
}

fn search_parameters() -> Value {
    let max_offset = MAX_OFFSET - MIN_LIMIT;
    let filter = |name: &str, what: &str| {
        json!({
            "name": name,
            "in": "query",
            "style": "form",
            "explode": true,
            "description": format!(
                "{what} ids, the parameter repeated once per id ({name}=1&{name}=2); at most \
                 {MAX_FILTER_VALUES}. Ids of one kind are alternatives."
            ),
            "schema": {
                "type": "array",
                "maxItems": MAX_FILTER_VALUES,
                "items": {"$ref": "#/components/schemas/FilterId"}
            }
        })
    };
    let price = |name: &str, what: &str, example: f64| {
        json!({
            "name": name,
            "in": "query",
            "description": format!(
                "{what} price, 0 to {MAX_PRICE}, rounded to the cent; minPrice must not be \
                 above maxPrice. The upstream filters by price bands (the price facet's \
                 min/max): a bound inside a band takes the whole band."
            ),
            "example": example,
            "schema": {"type": "number", "minimum": 0, "maximum": MAX_PRICE}
        })
    };
    json!([
        {
            "name": "cat",
            "in": "query",
            "description": "Category id; its whole subtree matches. `cat` or `fts` is required \
                            (either or both).",
            "example": "dresses",
            "schema": {"$ref": "#/components/schemas/CategoryId"}
        },
        {
            "name": "fts",
            "in": "query",
            "description": format!(
                "Free text: 1 to {MAX_FTS_CHARS} characters as sent, 1 to {MAX_FTS_WORDS} \
                 words, no control characters; every word must match. The bundled catalog \
                 reads a misspelled word as the closest word it knows and gives the text as \
                 understood in the page's `corrected`. `cat` or `fts` is required (either or \
                 both)."
            ),
            "example": "blue",
            "schema": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_FTS_CHARS,
                "pattern": patterns::fts()
            }
        },
        {
            "name": "sort",
            "in": "query",
            "description": "The order: relevance (the default), price-asc, price-desc, newest, \
                            popular.",
            "example": "price-asc",
            "schema": {"$ref": "#/components/schemas/Sort"}
        },
        {
            "name": "offset",
            "in": "query",
            "description": format!(
                "The first product's position. offset + limit must be at most {MAX_OFFSET} (the \
                 upstream's depth), so offset is at most {max_offset}."
            ),
            "example": 20,
            "schema": {"type": "integer", "minimum": 0, "maximum": max_offset, "default": 0}
        },
        {
            "name": "limit",
            "in": "query",
            "description": format!(
                "The page size, {MIN_LIMIT} to {MAX_LIMIT} (default {DEFAULT_LIMIT}); offset + \
                 limit must be at most {MAX_OFFSET}."
            ),
            "example": 10,
            "schema": {
                "type": "integer",
                "minimum": MIN_LIMIT,
                "maximum": MAX_LIMIT,
                "default": DEFAULT_LIMIT
            }
        },
        filter("brand", "Brand"),
        filter("retailer", "Retailer"),
        filter("color", "Colour"),
        filter("size", "Size"),
        price("minPrice", "The lowest", 10.0),
        price("maxPrice", "The highest", 500.0),
        {
            "name": "sale",
            "in": "query",
            "description": "true: only products on sale; false is the same as absent.",
            "example": true,
            "schema": {"type": "boolean"}
        },
        {
            "name": "minDiscount",
            "in": "query",
            "description": format!(
                "Only products at least this many percent off: one of {} (the discounts the \
                 upstream filters by).",
                discounts().join(", ")
            ),
            "example": 30,
            "schema": {"type": "integer", "enum": DISCOUNT_FILTERS.iter().map(|(_, p)| *p).collect::<Vec<_>>()}
        }
    ])
}

fn discounts() -> Vec<String> {
    DISCOUNT_FILTERS
        .iter()
        .map(|(_, p)| p.to_string())
        .collect()
}

/// Control characters, as a regular expression's class body.
const CONTROL: &str = "\\u0000-\\u001F\\u007F-\\u009F";

/// `q`, a list's name prefix.
fn list_parameters() -> Value {
    json!([{
        "name": "q",
        "in": "query",
        "description": format!(
            "A name prefix: the values whose name, or a word of it, starts with it (case-blind); \
             at most {MAX_PREFIX_CHARS} characters, no control characters. All values when absent."
        ),
        "example": "ni",
        "schema": {
            "type": "string",
            "maxLength": MAX_PREFIX_CHARS,
            "pattern": format!("^[^{CONTROL}]*$")
        }
    }])
}

/// The search's parameters less `offset`, `limit` and `sort`, and `facets`.
fn facets_parameters() -> Value {
    let mut params: Vec<Value> = search_parameters()
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !matches!(p["name"].as_str(), Some("offset" | "limit" | "sort")))
        .collect();
    let names: Vec<&str> = Facet::ALL.iter().map(|f| f.as_str()).collect();
    params.push(json!({
        "name": "facets",
        "in": "query",
        "description": format!(
            "The facets to count, comma-separated: {} (all when absent). Each lists at most \
             {FACET_VALUES} values with products, most first; a facet the search filters by is \
             counted without that filter (disjunctive).",
            names.join(", ")
        ),
        "example": "brand,color",
        "schema": {
            "type": "string",
            "maxLength": 100,
            "pattern": format!("^(({0})(,({0}))*)?$", names.join("|"))
        }
    }));
    Value::Array(params)
}

fn items_parameters() -> Value {
    let max_sid = MAX_OFFSET - MIN_LIMIT;
    json!([
        {
            "name": "category",
            "in": "path",
            "required": true,
            "description": "Category id.",
            "example": "dresses",
            "schema": {"$ref": "#/components/schemas/CategoryId"}
        },
        {
            "name": "sid",
            "in": "path",
            "required": true,
            "description": format!("The first position, 0 to {max_sid}."),
            "example": 0,
            "schema": {"type": "integer", "minimum": 0, "maximum": max_sid}
        },
        {
            "name": "eid",
            "in": "path",
            "required": true,
            "description": format!(
                "The end position (exclusive): above sid by {MIN_LIMIT} to {MAX_LIMIT}, and at \
                 most {MAX_OFFSET}."
            ),
            "example": 20,
            "schema": {"type": "integer", "minimum": MIN_LIMIT, "maximum": MAX_OFFSET}
        }
    ])
}

/// Marks the product's arrays (and the fields always written) as required: they are always
/// present, possibly empty.
fn require_arrays(product: &mut Value) {
    let Some(props) = product["properties"].as_object() else {
        return;
    };
    let always = ["id", "name", "inStock", "discount"];
    let mut required: Vec<String> = props
        .iter()
        .filter(|(name, schema)| always.contains(&name.as_str()) || schema["type"] == "array")
        .map(|(name, _)| name.clone())
        .collect();
    required.sort();
    product["required"] = json!(required);
}
