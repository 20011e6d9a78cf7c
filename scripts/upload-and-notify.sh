#!/usr/bin/env bash
# Uploads a file to the inputs container of Azurite, then posts the Event Grid BlobCreated event that Azure would send
# to the Functions host's blob-trigger webhook, so StartJobFromUpload runs under `func start` exactly as in Azure
# (Azurite emits no Event Grid events). Needs bash, curl, openssl and coreutils (base64, od); Azurite on its default
# blob port; the app under Functions Core Tools (default http://localhost:7071).
#
#   scripts/upload-and-notify.sh ./me.jpg uploads/me.jpg          # a photo alone: a default style job
#   scripts/upload-and-notify.sh ./job.json uploads/job.json      # a manifest first...
#   scripts/upload-and-notify.sh ./me.jpg uploads/me.jpg          # ...then its photo starts the job
#
# Environment: AZURITE_BLOB (default http://127.0.0.1:10000), FUNCTIONS_HOST (default http://localhost:7071),
# NOTIFY=0 to upload only.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <local file> <blob name under inputs/>" >&2
  exit 2
fi
file=$1
name=$2
[[ -f $file ]] || { echo "no such file: $file" >&2; exit 2; }

account=devstoreaccount1
# Azurite's well-known development key (public by design, not a secret).
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
blob_endpoint=${AZURITE_BLOB:-http://127.0.0.1:10000}
functions_host=${FUNCTIONS_HOST:-http://localhost:7071}
container=inputs

case "$file" in
  *.json) content_type=application/json ;;
  *.png) content_type=image/png ;;
  *.jpg|*.jpeg) content_type=image/jpeg ;;
  *) content_type=application/octet-stream ;;
esac

if [[ ! $name =~ ^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$ ]]; then
  echo "use a blob name of letters, digits, '.', '_', '-' and '/' separators (got '$name')" >&2
  exit 2
fi

version=2021-08-06
hex_key=$(printf '%s' "$key" | base64 -d | od -An -v -tx1 | tr -d ' \n')

# Shared Key signature of a request (Azurite's path-style URLs put the account name twice in the canonicalized resource).
sign() { # verb length content-type canonicalized-headers canonicalized-resource
  local string_to_sign="$1\n\n\n$2\n\n$3\n\n\n\n\n\n\n$4/${account}/${account}/$5"
  printf '%b' "$string_to_sign" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:${hex_key}" -binary | base64
}

# The Functions app creates its containers on start; create inputs here too so uploading works before `func start`.
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
signature=$(sign PUT "" "" "x-ms-date:${date}\nx-ms-version:${version}\n" "${container}\nrestype:container")
status=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT "${blob_endpoint}/${account}/${container}?restype=container" \
  -H "x-ms-date: ${date}" -H "x-ms-version: ${version}" -H "Content-Length: 0" -H "Authorization: SharedKey ${account}:${signature}")
[[ $status == 201 || $status == 409 ]] || { echo "could not create container ${container} (HTTP ${status}); is Azurite running at ${blob_endpoint}?" >&2; exit 1; }

length=$(wc -c < "$file" | tr -d ' ')
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
signature=$(sign PUT "$length" "$content_type" "x-ms-blob-type:BlockBlob\nx-ms-date:${date}\nx-ms-version:${version}\n" "${container}/${name}")
url="${blob_endpoint}/${account}/${container}/${name}"

curl -sS --fail-with-body -X PUT "$url" \
  -H "x-ms-date: ${date}" -H "x-ms-version: ${version}" -H "x-ms-blob-type: BlockBlob" \
  -H "Content-Type: ${content_type}" -H "Content-Length: ${length}" \
  -H "Authorization: SharedKey ${account}:${signature}" \
  --data-binary "@${file}" -o /dev/null
echo "uploaded ${container}/${name} (${length} bytes)"

if [[ ${NOTIFY:-1} == 0 ]]; then
  exit 0
fi

event_id=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || date +%s%N)
event_time=$(date -u '+%Y-%m-%dT%H:%M:%SZ')
event=$(cat <<JSON
[{
  "topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/${account}",
  "subject": "/blobServices/default/containers/${container}/blobs/${name}",
  "eventType": "Microsoft.Storage.BlobCreated",
  "id": "${event_id}",
  "eventTime": "${event_time}",
  "dataVersion": "",
  "metadataVersion": "1",
  "data": {
    "api": "PutBlob",
    "clientRequestId": "${event_id}",
    "requestId": "${event_id}",
    "eTag": "0x0",
    "contentType": "${content_type}",
    "contentLength": ${length},
    "blobType": "BlockBlob",
    "url": "${url}",
    "sequencer": "0",
    "storageDiagnostics": { "batchId": "${event_id}" }
  }
}]
JSON
)
curl -sS --fail-with-body -X POST "${functions_host}/runtime/webhooks/blobs?functionName=Host.Functions.StartJobFromUpload" \
  -H 'Content-Type: application/json' -H 'aeg-event-type: Notification' --data "$event"
echo "posted BlobCreated for ${container}/${name} to ${functions_host}"
