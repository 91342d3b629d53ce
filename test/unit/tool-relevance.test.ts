import type { Tool } from '../../src/canonical/request';
import { escapeRegExp } from '../../src/model/reg-exp';
import { NAMED, nameRelevance, promptWords } from '../../src/engine/tools/relevance';

/** What "named outright" has always meant: the name, lower-cased, as a whole word (a regular expression). */
const namedByRegExp = (prompt: string, name: string) => new RegExp(`(^|[^a-z0-9_])${escapeRegExp(name.toLowerCase())}($|[^a-z0-9_])`).test(prompt.toLowerCase());

const named = (prompt: string, name: string) => nameRelevance({ type: 'function', name } as Tool, promptWords(prompt)) === NAMED;

describe('a tool named outright in the prompt', () => {
  const cases: [string, string][] = [
    ['Call get_weather for Paris', 'get_weather'],
    ['get_weather', 'get_weather'],
    ['Call get_weather_v2 please', 'get_weather'],
    ['call my_get_weather now', 'get_weather'],
    ['use GetWeather.', 'GetWeather'],
    ['use (lookup) then', 'lookup'],
    ['lookups are cheap, lookup is not', 'lookup'],
    ['lookuplookup lookup', 'lookup'],
    ['lookup2 and 2lookup', 'lookup'],
    ['use c++ here', 'c++'],
    ['use c++x here', 'c++'],
    ['a.b* and a.bc', 'a.b*'],
    ['é-search-é', 'search'],
    ['line one\nsearch\nline three', 'search'],
    ['nothing here', 'search'],
    ['searc', 'search'],
  ];
  test.each(cases)('%j names %j as a whole word exactly when the regular expression did', (prompt, name) => {
    expect(named(prompt, name)).toBe(namedByRegExp(prompt, name));
  });

  test('the cases include both verdicts', () => {
    const verdicts = new Set(cases.map(([prompt, name]) => named(prompt, name)));
    expect(verdicts).toEqual(new Set([true, false]));
  });
});
