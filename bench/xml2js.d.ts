/** The part of xml2js 0.6 the XML benchmark uses (the package ships no types). */
declare module 'xml2js' {
	export class Parser {
		constructor(options: Record<string, unknown>);
		parseStringPromise(xml: string): Promise<unknown>;
	}
}
