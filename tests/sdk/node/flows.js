"use strict";
/*
 * Getty's official Node SDK (gettyimages-api), unmodified, through the flows a
 * Getty integrator uses, against photobank. The SDK always speaks HTTPS on
 * port 443; only the host names are ours to choose.
 *
 * Environment: SDK_HOST (API and token host), SDK_API_KEY, SDK_API_SECRET,
 * SDK_USERNAME, SDK_PASSWORD, SDK_DOWNLOAD_DIR (where downloads are saved);
 * NODE_EXTRA_CA_CERTS trusts photobank's development CA.
 *
 * Prints one JSON object: each flow's SDK results, or {"error": {...}} when
 * the SDK rejected (it keeps only the HTTP status and reason phrase).
 */

const fs = require("fs");
const https = require("https");
const path = require("path");
const GettyImagesApi = require("gettyimages-api");

const env = process.env;
const host = env.SDK_HOST;
const app = { apiKey: env.SDK_API_KEY, apiSecret: env.SDK_API_SECRET };
const customer = { ...app, username: env.SDK_USERNAME, password: env.SDK_PASSWORD };

const appClient = new GettyImagesApi(app, host, host);
const customerClient = new GettyImagesApi(customer, host, host);

function custom(client, method, route, options = {}) {
    const request = client.customrequest().withMethod(method).withRoute(route);
    if (options.query) {
        request.withQueryParameters(options.query);
    }
    if (options.body !== undefined) {
        request.withBody(options.body);
    }
    return request.execute();
}

function withFields(request, fields) {
    fields.forEach((field) => request.withResponseField(field));
    return request;
}

/** GET a URI the API handed out (a delivery URL), as an SDK user would. */
function fetchBytes(uri) {
    return new Promise((resolve, reject) => {
        https.get(uri, (response) => {
            const chunks = [];
            response.on("data", (chunk) => chunks.push(chunk));
            response.on("end", () => resolve({ response, body: Buffer.concat(chunks) }));
            response.on("error", reject);
        }).on("error", reject);
    });
}

async function download(request, name) {
    const { uri } = await request.execute();
    const { response, body } = await fetchBytes(uri);
    const file = path.join(env.SDK_DOWNLOAD_DIR, name);
    fs.writeFileSync(file, body);
    return {
        uri,
        status: response.statusCode,
        content_type: response.headers["content-type"],
        content_disposition: response.headers["content-disposition"],
        file,
    };
}

async function token(client) {
    const found = await client.getAccessToken();
    if (!found) {
        throw new Error("the SDK got no token (it swallows token errors)");
    }
    return {
        token_type: found.token_type,
        expires_in: found.expires_in,
        has_access_token: Boolean(found.access_token),
        has_refresh_token: Boolean(found.refresh_token),
    };
}

async function imageFlows(results) {
    results.app_token = await token(appClient);
    results.search_all = await withFields(appClient.searchimages(), ["id", "title", "asset_family"])
        .withPhrase("")
        .withPageSize(30)
        .withExcludeNudity(true)
        .withSortOrder("best_match")
        .execute();
    results.search_creative = await withFields(
        appClient.searchimagescreative(),
        ["id", "title", "asset_family", "max_dimensions"],
    )
        .withPhrase("mountain")
        .withOrientation("Horizontal")
        .withPageSize(5)
        .execute();
    results.search_editorial = await withFields(
        appClient.searchimageseditorial(),
        ["id", "title", "asset_family", "date_created"],
    )
        .withStartDate("2020-01-01")
        .withSortOrder("newest")
        .withPageSize(5)
        .execute();
    const creative = results.search_creative.images;
    results.images_by_ids = await withFields(appClient.images(), ["id", "title"])
        .withIds(creative.slice(0, 3).map((image) => image.id))
        .execute();
    results.image_by_id = await appClient.images().withId(creative[0].id).execute();
}

async function referenceFlows(results) {
    results.search_events = await custom(appClient, "get", "search/events", {
        query: { page_size: 3, sort_order: "newest" },
    });
    const eventIds = results.search_events.events.map((event) => event.id);
    results.events_by_ids = await appClient.events().withIds(eventIds).execute();
    results.event_by_id = await appClient.events().withId(eventIds[0]).execute();
    results.collections = await appClient.collections().execute();
    results.countries = await appClient.countries().execute();
}

async function customerFlows(results) {
    results.customer_token = await token(customerClient);
    results.customer = await custom(customerClient, "get", "customers/current");
    const refreshToken = customerClient.creds.token.refresh_token;
    const renewed = new GettyImagesApi({ ...app, refresh_token: refreshToken }, host, host);
    results.refreshed_token = await token(renewed);
    results.refreshed_customer = await custom(renewed, "get", "customers/current");
    const image = results.search_creative.images[0];
    results.image_download = await download(
        customerClient.downloadsimages().withId(image.id),
        `${image.id}.jpg`,
    );
}

async function boardFlows(results) {
    const ids = results.search_creative.images.slice(0, 3).map((image) => image.id);
    const body = { name: "SDK flows board", description: "made by gettyimages-api" };
    const created = await custom(customerClient, "post", "boards", { body });
    const board = `boards/${created.id}`;
    const added = await custom(customerClient, "put", `${board}/assets`, {
        body: ids.slice(0, 2).map((id) => ({ asset_id: id })),
    });
    await custom(customerClient, "put", `${board}/assets/${ids[2]}`);
    const full = await custom(customerClient, "get", board);
    await custom(customerClient, "delete", `${board}/assets`, { query: { asset_ids: ids[0] } });
    const trimmed = await custom(customerClient, "get", board);
    await custom(customerClient, "delete", board);
    const afterDelete = await custom(customerClient, "get", board).catch((err) => err.statusCode);
    results.boards = { asked: ids, created, added, full, trimmed, after_delete: afterDelete };
}

async function videoFlows(results) {
    const fields = ["id", "title", "asset_family"];
    results.search_videos = await withFields(appClient.searchvideos(), fields)
        .withPageSize(5)
        .execute();
    results.search_videos_creative = await withFields(appClient.searchvideoscreative(), fields)
        .withPageSize(5)
        .execute();
    results.search_videos_editorial = await withFields(appClient.searchvideoseditorial(), fields)
        .withPageSize(5)
        .execute();
    const ids = results.search_videos.videos.slice(0, 3).map((video) => video.id);
    results.videos_by_ids = await withFields(appClient.videos(), ["id", "title"])
        .withIds(ids)
        .execute();
    results.video_by_id = await appClient.videos().withId(ids[0]).execute();
    results.video_download = await download(
        customerClient.downloadsvideos().withId(ids[0]),
        `${ids[0]}.video`,
    );
}

async function main() {
    const results = {};
    const flows = [imageFlows, referenceFlows, customerFlows, boardFlows, videoFlows];
    for (const flow of flows) {
        try {
            await flow(results);
        } catch (err) {
            results[`${flow.name}_error`] = { status: err.statusCode || null, message: err.message };
        }
    }
    process.stdout.write(JSON.stringify(results));
}

main();
