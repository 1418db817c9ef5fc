// Package channels is the port between Parley's inboxes and the messaging
// providers (WhatsApp Cloud API, Messenger, Instagram Direct, Telegram,
// Twilio SMS, email). Each provider is one Adapter: it verifies and parses
// inbound webhooks into Inbound values and sends agents' messages. The
// packages below it hold the adapters (whatsapp, telegram, twilio), the
// inbox configuration with encrypted credentials (inboxes), the record of
// traffic (ledger), the webhook intake (inbound), the outbound dispatcher
// (dispatch) and local fake provider servers for tests (fakes/...).
package channels
