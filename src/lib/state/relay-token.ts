/**
 * The stdio relay token for this tab. The launcher hands it over in the URL fragment
 * (`#token=…`); `takeRelayToken` moves it to sessionStorage and out of the address bar.
 * Without it the stdio choice is shown as unavailable (hosted mode, or a page opened without
 * the launcher's link).
 */
import { takeRelayToken } from '$lib/mcp/transports/relay-launch';

export function readRelayToken(): string | null {
	try {
		return takeRelayToken({ location, history, sessionStorage });
	} catch {
		return null;
	}
}
