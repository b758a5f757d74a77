/** The sentence live mode gives for a scene it cannot play on a NATS server: shared by the deck and the live runner. */
export const NO_BROKER_LIVE = 'This scene has no broker: it plays HTTP calls or threads in one process, so there is nothing to run on a NATS server. Live mode plays the broker scenes.';
