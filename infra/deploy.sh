#!/usr/bin/env bash
# Deploys Rensa's functions to Google Cloud (gen2). Needs gcloud, logged in, and the secrets of infra/README.md.
set -euo pipefail
: "${PROJECT:?set PROJECT to the Google Cloud project id}"
REGION="${REGION:-europe-north1}"
SA="${SERVICE_ACCOUNT:-rensa-functions@${PROJECT}.iam.gserviceaccount.com}"
cd "$(dirname "$0")/.."

secrets="RENSA_DATABASE_URL=rensa-database-url:latest,RENSA_KEY_PEPPER=rensa-key-pepper:latest,RENSA_SECRETS_KEY=rensa-secrets-key:latest,RENSA_SCHEDULER_TOKEN=rensa-scheduler-token:latest,RENSA_STRIPE_SECRET_KEY=rensa-stripe-secret-key:latest,RENSA_STRIPE_WEBHOOK_SECRET=rensa-stripe-webhook-secret:latest,/secrets/service-account/key.json=rensa-service-account:latest"

deploy() {  # name, target, env file, extra flags...
  local name=$1 target=$2 env=$3; shift 3
  gcloud functions deploy "$name" --project "$PROJECT" --region "$REGION" --gen2 --runtime python311 \
    --source . --entry-point "$target" --trigger-http --allow-unauthenticated \
    --service-account "$SA" --env-vars-file "$env" --set-secrets "$secrets" "$@"
}

# The api authenticates every call itself (Google ID token or API key), so the HTTP trigger is public.
deploy rensa-api api infra/api.env.yaml --memory 2GiB --timeout 300s
# Webhooks must answer fast and are authenticated per request by the vendor's signature.
deploy rensa-hooks hooks infra/hooks.env.yaml --memory 512MiB --timeout 30s --max-instances 20

# Upkeep runs clean whole registers: the same hooks target, deployed again with room for a run (9 minutes,
# the gen2 HTTP limit is 60; RENSA_UPKEEP_SECONDS keeps a call's work under it, the rest waits for the next).
deploy rensa-upkeep hooks infra/hooks.env.yaml --memory 2GiB --timeout 540s --max-instances 10

url() { gcloud functions describe "$1" --project "$PROJECT" --region "$REGION" --gen2 --format 'value(serviceConfig.uri)'; }
HOOKS_URL=$(url rensa-hooks)

# Queued bounce events are applied to the sheets every 5 minutes (and retried while a sheet is unreachable).
token=$(gcloud secrets versions access latest --secret rensa-scheduler-token --project "$PROJECT")
job=(--project "$PROJECT" --location "$REGION" --schedule "*/5 * * * *" --uri "$HOOKS_URL/v1/hooks/flush"
     --http-method POST --update-headers "Authorization=Bearer $token")
gcloud scheduler jobs update http rensa-flush "${job[@]}" 2>/dev/null \
  || gcloud scheduler jobs create http rensa-flush "${job[@]/--update-headers/--headers}"

# Monthly teams' rows go to the Stripe Billing Meter every 10 minutes (each ledger line once; a failed run
# is resumed by the next one). Stripe invoices them at the end of each subscription month.
report=(--project "$PROJECT" --location "$REGION" --schedule "*/10 * * * *" --uri "$HOOKS_URL/v1/hooks/report-usage"
        --http-method POST --update-headers "Authorization=Bearer $token")
gcloud scheduler jobs update http rensa-report-usage "${report[@]}" 2>/dev/null \
  || gcloud scheduler jobs create http rensa-report-usage "${report[@]/--update-headers/--headers}"

# Due upkeep runs every 15 minutes; instances share the due registers (FOR UPDATE SKIP LOCKED), so an
# overlapping call never runs a register twice.
UPKEEP_URL=$(url rensa-upkeep)
job=(--project "$PROJECT" --location "$REGION" --schedule "*/15 * * * *" --uri "$UPKEEP_URL/v1/hooks/upkeep"
     --http-method POST --attempt-deadline 540s --update-headers "Authorization=Bearer $token")
gcloud scheduler jobs update http rensa-upkeep "${job[@]}" 2>/dev/null \
  || gcloud scheduler jobs create http rensa-upkeep "${job[@]/--update-headers/--headers}"

echo "rensa-api:   $(url rensa-api)"
echo "rensa-hooks: $HOOKS_URL"
echo "Stripe webhook endpoint (dashboard): $HOOKS_URL/v1/hooks/stripe"
