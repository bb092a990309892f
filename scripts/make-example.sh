#!/usr/bin/env bash
# Rebuilds infohub-example/ with the csp CLI alone, from the real CRM exports committed as test
# fixtures (Salesforce apex-recipes, Maven CRM; see tests/fixtures/crm/*/SOURCE.md): one account
# in each lifecycle phase, walked there the way an SA and a CA would, with git snapshots.
#   initiate  betatech       Maven CRM account, Engaging deal (Stage 2)
#   initiate  bluth-company  Maven CRM account, a renewal plan counted back from its renewal date
#   develop   edgeblab-179   Salesforce account, Perception Analysis (Stage 3)
#   finalize  quire-203      Salesforce account, Proposal/Price Quote (Stage 4), reviewed by the customer
#   execute   teklist-138    Salesforce account, Closed/Won, handed off to the CA and signed off
# and three months of health signals per account (csp signal).
# Usage: scripts/make-example.sh   (needs a built dist/: npm run build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
csp="node $root/bin/csp"
sf="$root/tests/fixtures/crm/sf-apex-recipes"
maven="$root/tests/fixtures/crm/maven-crm"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
git init -q -b main
git config user.name "Priya Natarajan"
git config user.email "priya.natarajan@example.com"
git config commit.gpgsign false
mkdir infohub
cat > infohub/.csp.yaml <<'YAML'
# yaml-language-server: $schema=.csp/schemas/config.schema.json
# Team settings for this InfoHub (see schemas/config.schema.json).
schema_version: 1
default_plan_type: onboarding
min_arr_usd: 100000            # a CSP is required from $100K ARR at Stage 2+ (SPEC)
require_manager_approval: false
YAML
git add -A && git commit -qm "InfoHub for the csp example"
export CSP_INFOHUB="$work/infohub" NO_COLOR=1
day() { export CSP_NOW="$1"; }

# --- initiate: betatech (Maven CRM, Engaging) -------------------------------------------------
day 2026-11-03
$csp init betatech --from-crm "$maven" --crm-id Betatech --owner "Priya Natarajan" --use-case "Hardware fleet procurement and device lifecycle tracking" --segment Enterprise >/dev/null
$csp add stakeholder betatech --name "Amara Okafor" --title "Director of IT Operations" --role champion --side customer --engagement high >/dev/null
$csp set betatech customer_context.background "Medical-device maker (Kenya, 1,185 staff) replacing spreadsheets for device procurement after two audit findings." >/dev/null
$csp add objective betatech --statement "Track every hardware asset in one system before the 2027 audit" --owner "Amara Okafor" >/dev/null

# --- initiate: bluth-company renewal plan (Maven CRM) ------------------------------------------
day 2026-11-10
$csp init bluth-company --from-crm "$maven" --crm-id "Bluth Company" --owner "Priya Natarajan" --plan-type renewal --renewal-date 2027-03-31 --use-case "Model-home hardware for sales offices" >/dev/null

# --- develop: edgeblab-179 (Salesforce, Perception Analysis) -----------------------------------
day 2026-10-01
$csp init edgeblab-179 --from-crm "$sf" --crm-id AccountRef41 --owner "Priya Natarajan" --use-case "Clinical trial site onboarding" --segment Enterprise >/dev/null
$csp set edgeblab-179 customer_context.background "Pharmaceutical group running 40 trial sites; onboarding a site takes 11 weeks and three hand-offs." >/dev/null
$csp set edgeblab-179 business_outcomes.current_state "Site onboarding tracked in email and a shared workbook; no view of where each site stands." >/dev/null
$csp add stakeholder edgeblab-179 --name "Lena Fischer" --title "VP Clinical Operations" --role executive_sponsor --side customer --engagement medium >/dev/null
$csp add stakeholder edgeblab-179 --name "Tomas Ruiz" --title "Site Activation Lead" --role champion --side customer --engagement high >/dev/null
$csp add objective edgeblab-179 --statement "Cut trial site onboarding from 11 weeks to 6 weeks by 2027-06-30" --owner "Lena Fischer" >/dev/null
$csp add objective edgeblab-179 --statement "Give every study manager a live view of site status by 2027-03-31" --owner "Tomas Ruiz" >/dev/null
$csp add objective edgeblab-179 --statement "Remove the three manual hand-offs between regulatory, contracts and IT by 2027-05-31" --owner "Tomas Ruiz" >/dev/null
day 2026-10-14
$csp develop edgeblab-179 >/dev/null
$csp add criterion edgeblab-179 --criterion "A pilot site onboarded end to end in the sandbox" --baseline "11 weeks" --target "6 weeks" --measurement "Pilot site timeline" --due 2026-12-15 >/dev/null

# --- finalize: quire-203 (Salesforce, Proposal/Price Quote) ------------------------------------
day 2026-09-14
$csp init quire-203 --from-crm "$sf" --crm-id AccountRef2 --owner "Priya Natarajan" --use-case "Field service scheduling for industrial equipment" --segment Enterprise --start 2026-12-01 >/dev/null
$csp set quire-203 customer_context.background "Maker of industrial machinery with 40,857 staff; field service runs on three regional schedulers and paper job cards." >/dev/null
$csp set quire-203 business_outcomes.current_state "Three regional scheduling tools; first-time fix rate 71%; technicians drive 2.3 hours a day." >/dev/null
$csp set quire-203 stakeholders.sh-2.role champion >/dev/null
$csp set quire-203 stakeholders.sh-3.role technical_buyer >/dev/null
$csp add stakeholder quire-203 --name "Helga Brandt" --title "COO" --role executive_sponsor --side customer --engagement medium --relationship-score 60 --assessment "Wants one number for the board: first-time fix rate." >/dev/null
$csp add objective quire-203 --statement "Raise the first-time fix rate from 71% to 85% by 2027-05-31" --owner "Helga Brandt" >/dev/null
$csp add objective quire-203 --statement "Cut technician drive time from 2.3 to 1.6 hours a day by 2027-05-31" --owner sh-2 >/dev/null
$csp add objective quire-203 --statement "Move all three regions onto one schedule before 2027-04-30" --owner sh-3 >/dev/null
day 2026-10-01
$csp develop quire-203 >/dev/null
$csp add key-result quire-203 --objective obj-1 --metric "First-time fix rate" --unit percent --baseline 71 --target 85 --due 2027-05-31 >/dev/null
$csp add key-result quire-203 --objective obj-2 --metric "Drive time per technician" --unit hours/day --baseline 2.3 --target 1.6 --due 2027-05-31 >/dev/null
$csp add key-result quire-203 --objective obj-3 --metric "Regions on the shared schedule" --unit count --baseline 0 --target 3 --due 2027-02-28 >/dev/null
$csp add criterion quire-203 --criterion "Jobs dispatched from one schedule in the pilot region" --baseline "0%" --target "100%" --measurement "Dispatch log of the pilot region" --due 2026-11-30 >/dev/null
$csp add criterion quire-203 --criterion "Route suggestions accepted by technicians" --baseline "n/a" --target "70%" --measurement "Pilot survey and app telemetry" --due 2026-11-30 >/dev/null
$csp set quire-203 technical_evaluation.plan "Four-week pilot in the Fort Wayne region: scheduler, mobile job cards and routing, measured against sc-1 and sc-2." >/dev/null
$csp set quire-203 technical_evaluation.scope "Pilot region only; ERP integration read-only." >/dev/null
$csp add risk quire-203 --title "Technicians keep paper job cards" --probability medium --impact high --mitigation "Ride-alongs in week 1 and a paper-free target per team" --owner sh-2 --analysis "Union rep sceptical; overtime rules tied to paper cards." >/dev/null
$csp add risk quire-203 --title "ERP integration delayed by the customer's IT freeze" --probability low --impact medium --mitigation "Start read-only; write-back after the January freeze" --owner sh-3 >/dev/null
day 2026-10-20
$csp finalize quire-203 >/dev/null
day 2026-10-28
$csp review quire-203 --customer "Helga Brandt" --notes "Agreed sc-1 and sc-2 and the December start" >/dev/null

# --- execute: teklist-138 (Salesforce, Closed/Won) ---------------------------------------------
day 2026-08-03
$csp init teklist-138 --from-crm "$sf" --crm-id AccountRef3 --owner "Priya Natarajan" --use-case "Dealer parts ordering portal" --segment Mid-Market --start 2026-09-01 >/dev/null
$csp set teklist-138 customer_context.background "Automotive aftermarket distributor; 600 dealers order parts by phone and fax." >/dev/null
$csp set teklist-138 business_outcomes.current_state "Orders keyed in by hand; 4% of orders wrong; dealers wait two days for confirmations." >/dev/null
$csp set teklist-138 stakeholders.sh-2.role champion >/dev/null
$csp add stakeholder teklist-138 --name "Grace Lin" --title "VP Dealer Network" --role executive_sponsor --side customer --engagement high >/dev/null
$csp add objective teklist-138 --statement "Move 60% of dealer orders to the portal by 2026-11-30" --owner "Grace Lin" >/dev/null
$csp add objective teklist-138 --statement "Cut order errors from 4% to under 1% by 2026-11-30" --owner sh-2 >/dev/null
$csp add objective teklist-138 --statement "Confirm every portal order within 2 hours from go-live" --owner sh-2 >/dev/null
day 2026-08-10
$csp develop teklist-138 >/dev/null
$csp add key-result teklist-138 --objective obj-1 --metric "Orders placed in the portal" --unit percent --baseline 0 --target 60 --due 2026-11-30 >/dev/null
$csp add key-result teklist-138 --objective obj-2 --metric "Order error rate" --unit percent --baseline 4 --target 1 --due 2026-11-30 >/dev/null
$csp add key-result teklist-138 --objective obj-3 --metric "Median confirmation time" --unit hours --baseline 48 --target 2 --due 2026-10-15 >/dev/null
$csp add criterion teklist-138 --criterion "Ten pilot dealers order through the portal" --baseline 0 --target 10 --measurement "Portal order log" --due 2026-08-28 >/dev/null
$csp set teklist-138 technical_evaluation.plan "Two-week pilot with ten dealers on the parts catalogue and order API." >/dev/null
$csp add risk teklist-138 --title "Dealers keep ordering by phone" --probability medium --impact high --mitigation "Dealer incentives for portal orders in the first quarter" --owner "Grace Lin" >/dev/null
day 2026-08-24
$csp finalize teklist-138 >/dev/null
day 2026-08-27
$csp review teklist-138 --customer "Grace Lin" --signed-off --notes "Plan signed off with the pilot results" >/dev/null
day 2026-08-31
$csp handoff teklist-138 --to "Carl Ortiz" --open-item "Dealer incentive terms to confirm with finance" >/dev/null
day 2026-09-01
GIT_AUTHOR_NAME="Carl Ortiz" GIT_AUTHOR_EMAIL="carl.ortiz@example.com" $csp handoff teklist-138 --accept --by "Carl Ortiz" --confirm all >/dev/null
day 2026-10-01
$csp set teklist-138 adoption_journey.phases.ph-1.milestones.ms-1.status done >/dev/null
$csp set teklist-138 adoption_journey.phases.ph-1.milestones.ms-2.status done >/dev/null
$csp add measurement teklist-138 --metric vm-1 --value 22 --date 2026-09-30 >/dev/null
$csp add measurement teklist-138 --metric vm-2 --value 2.6 --date 2026-09-30 >/dev/null
day 2026-11-02
$csp add measurement teklist-138 --metric vm-1 --value 41 --date 2026-10-31 >/dev/null
$csp add measurement teklist-138 --metric vm-2 --value 1.4 --date 2026-10-31 >/dev/null
$csp add decision teklist-138 --decision "Dealer incentives run through Q1 2027" --objective obj-1 --decided-by "Grace Lin" --date 2026-10-20 >/dev/null

# --- health signals: three months of usage, engagement, support, satisfaction and billing -------
# (illustrative figures: teklist-138 and quire-203 healthy, edgeblab-179 and betatech at risk,
# bluth-company critical ahead of its renewal; csp site shows the shares)
day 2026-12-01
$csp signal betatech --date 2026-10-31 --active-users 4 --licensed-users 10 --logins-per-week 1.8 --feature-adoption 22 --usage-events 600 --last-contact 2026-10-30 --meetings 2 --tickets 3 --escalations 0 --resolution-hours 30 --csat 3.8 --payment current --arr 4821 --auto-renew yes >/dev/null
$csp signal betatech --date 2026-11-30 --active-users 5 --licensed-users 10 --logins-per-week 1.9 --feature-adoption 27 --usage-events 820 --last-contact 2026-11-26 --meetings 3 --tickets 4 --escalations 0 --resolution-hours 40 --nps 7 --csat 3.6 --payment current --arr 4821 --auto-renew yes >/dev/null
$csp signal bluth-company --date 2026-09-30 --active-users 14 --licensed-users 25 --logins-per-week 1.6 --feature-adoption 28 --usage-events 2100 --last-contact 2026-09-15 --meetings 1 --tickets 6 --escalations 1 --resolution-hours 70 --nps 5 --csat 2.9 --payment current --arr 5482 --auto-renew no >/dev/null
$csp signal bluth-company --date 2026-10-31 --active-users 10 --licensed-users 25 --logins-per-week 1.1 --feature-adoption 24 --usage-events 1500 --last-contact 2026-10-09 --meetings 0 --tickets 9 --escalations 2 --resolution-hours 90 --csat 2.6 --payment late >/dev/null
$csp signal bluth-company --date 2026-11-30 --active-users 7 --licensed-users 25 --logins-per-week 0.8 --feature-adoption 21 --usage-events 950 --last-contact 2026-10-09 --meetings 0 --tickets 11 --escalations 2 --resolution-hours 104 --nps 4 --csat 2.4 --payment late --arr 5482 --auto-renew no >/dev/null
$csp signal edgeblab-179 --date 2026-09-30 --active-users 92 --licensed-users 150 --logins-per-week 2.9 --feature-adoption 48 --usage-events 18800 --last-contact 2026-09-18 --meetings 2 --tickets 4 --escalations 1 --resolution-hours 36 --nps 7 --csat 3.9 --payment current --arr 634024.56 --auto-renew no >/dev/null
$csp signal edgeblab-179 --date 2026-10-31 --active-users 88 --licensed-users 150 --logins-per-week 2.7 --feature-adoption 47 --usage-events 17900 --last-contact 2026-10-21 --meetings 1 --tickets 5 --escalations 1 --resolution-hours 40 --csat 3.8 --payment current >/dev/null
$csp signal edgeblab-179 --date 2026-11-30 --active-users 85 --licensed-users 150 --logins-per-week 2.6 --feature-adoption 46 --usage-events 17300 --last-contact 2026-11-19 --meetings 2 --tickets 4 --escalations 0 --resolution-hours 34 --nps 7 --csat 3.8 --payment current --arr 634024.56 --auto-renew no >/dev/null
$csp signal quire-203 --date 2026-09-30 --active-users 150 --licensed-users 200 --logins-per-week 3.8 --feature-adoption 62 --usage-events 30100 --last-contact 2026-09-24 --meetings 3 --tickets 3 --escalations 0 --resolution-hours 22 --nps 8 --csat 4.2 --payment current --arr 858378.07 --auto-renew yes >/dev/null
$csp signal quire-203 --date 2026-10-31 --active-users 162 --licensed-users 200 --logins-per-week 4.1 --feature-adoption 66 --usage-events 32900 --last-contact 2026-10-28 --meetings 3 --tickets 2 --escalations 0 --resolution-hours 18 --csat 4.3 --payment current >/dev/null
$csp signal quire-203 --date 2026-11-30 --active-users 174 --licensed-users 200 --logins-per-week 4.5 --feature-adoption 71 --usage-events 35400 --last-contact 2026-11-24 --meetings 4 --tickets 2 --escalations 0 --resolution-hours 16 --nps 9 --csat 4.4 --payment current --arr 858378.07 --auto-renew yes >/dev/null
$csp signal teklist-138 --date 2026-09-30 --active-users 96 --licensed-users 120 --logins-per-week 4.6 --feature-adoption 70 --usage-events 41200 --last-contact 2026-09-26 --meetings 4 --tickets 2 --escalations 0 --resolution-hours 12 --nps 9 --csat 4.5 --payment current --arr 789007.48 --auto-renew yes >/dev/null
$csp signal teklist-138 --date 2026-10-31 --active-users 104 --licensed-users 120 --logins-per-week 5.0 --feature-adoption 74 --usage-events 44800 --last-contact 2026-10-29 --meetings 4 --tickets 1 --escalations 0 --resolution-hours 10 --csat 4.6 --payment current >/dev/null
$csp signal teklist-138 --date 2026-11-30 --active-users 110 --licensed-users 120 --logins-per-week 5.3 --feature-adoption 79 --usage-events 47900 --last-contact 2026-11-27 --meetings 5 --tickets 1 --escalations 0 --resolution-hours 9 --nps 9 --csat 4.7 --payment current --arr 789007.48 --auto-renew yes >/dev/null

# --- check and publish -------------------------------------------------------------------------
$csp validate >/dev/null
rm -rf "$root/infohub-example"
cp -r "$work/infohub" "$root/infohub-example"
echo "infohub-example rebuilt: $(ls "$root/infohub-example" | tr '\n' ' ')"
