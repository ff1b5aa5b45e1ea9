/**
 * The smallest useful program built on the core: connect to a server (era detection and
 * transport fallback included) and list its tools. tests/bench/core-size.js bundles this for the
 * browser and measures it; it also runs the bundle against a real server so the number is the
 * size of code that works.
 */
import { connect } from '../../src/lib/mcp/connect';

export async function listToolNames(url: string): Promise<string[]> {
	const client = await connect({ url });
	try {
		const { tools } = await client.listTools();
		return tools.map((tool) => tool.name);
	} finally {
		await client.close();
	}
}
