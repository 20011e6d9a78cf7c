#!/usr/bin/env sh
# azd postdeploy hook: subscribes the Functions blob-upload trigger to BlobCreated events under inputs/.
# It runs after deploy because the webhook URL carries the Functions `blobs_extension` system key, which the
# host creates only once the app is deployed and running. Idempotent: re-running updates the subscription.
set -eu

# Provided by azd from main.bicep's outputs (azd env get-values).
: "${AZURE_RESOURCE_GROUP:?run through azd, or export the main.bicep outputs first}"
: "${FUNCTION_APP_NAME:?}"
: "${FUNCTION_APP_URL:?}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?}"
: "${BLOB_TRIGGER_FUNCTION_NAME:?}"
: "${BLOB_TRIGGER_SUBJECT_PREFIX:?}"

subscription_name="${BLOB_TRIGGER_FUNCTION_NAME}-blob-created"
attempts="${FACECHAIN_HOOK_ATTEMPTS:-30}"

# The system key appears a little after the first successful start of the host: poll for it.
key=""
attempt=1
while [ "$attempt" -le "$attempts" ]; do
  key=$(az functionapp keys list \
    --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" \
    --output tsv 2>/dev/null || true)
  if [ -n "$key" ]; then
    break
  fi
  echo "postdeploy: waiting for the blobs_extension key of $FUNCTION_APP_NAME (attempt $attempt/$attempts)"
  attempt=$((attempt + 1))
  sleep 10
done
if [ -z "$key" ]; then
  echo "postdeploy: the Functions host has no blobs_extension key; is a blob trigger with Source = EventGrid deployed?" >&2
  exit 1
fi

endpoint="${FUNCTION_APP_URL%/}/runtime/webhooks/blobs?functionName=Host.Functions.${BLOB_TRIGGER_FUNCTION_NAME}&code=${key}"

# The key is never echoed; Event Grid validates the endpoint with a handshake the Functions host answers.
az eventgrid system-topic event-subscription create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  --name "$subscription_name" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "$BLOB_TRIGGER_SUBJECT_PREFIX" \
  --event-delivery-schema EventGridSchema \
  --max-delivery-attempts 10 \
  --event-ttl 1440 \
  --output none

echo "postdeploy: $subscription_name delivers BlobCreated under $BLOB_TRIGGER_SUBJECT_PREFIX to $BLOB_TRIGGER_FUNCTION_NAME"
