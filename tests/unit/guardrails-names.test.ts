import { describe, expect, it } from 'vitest';
import { checkReportText } from '../../shared/guardrails/check-text.js';
import { expectHeldBy, expectNotHeldBy } from '../support/guardrail-cases.js';

describe('guardrails: named private persons in English', () => {
  it('holds given names, full names, forms of address and introduced names', () => {
    expectHeldBy('person_name', [
      ['Ask Mike at the corner store', 'Mike'],
      ['Our neighbour Gary Thompson has a garage', 'Gary Thompson'],
      ['Tom and Jessica were shouting', 'Jessica'],
      ["Mrs. Patel's car was scratched", 'Patel'],
      ['A guy called Darren was painting', 'Darren'],
      ['the kid named Brandon', 'Brandon'],
      ['my neighbour Okonkwo keeps shouting', 'Okonkwo'],
      ["It was the Hendersons' son", 'Hendersons'],
    ]);
  });

  it('finds a name no list knows with compromise’s tagger', () => {
    // Neither word is in a lexicon or list; "… said" makes compromise tag them a person.
    expectHeldBy('person_name', [['Then Thaddeus Okafor said he saw it.', 'Thaddeus Okafor']]);
  });

  it('passes streets, parks, shops, public offices and the police', () => {
    expectNotHeldBy('person_name', [
      'Speeding cars on Grant Street every night.',
      'Jordan Street is flooded near the bridge.',
      'The light at Jackson Park has been out.',
      'Lights out along Stanley Park seawall.',
      'Glass near the Tim Hortons on Hastings.',
      "Fire behind the McDonald's, trucks on the way.",
      "Mayor Sim's office says the lights will be fixed.",
      'Officer Diaz took my statement.',
      'The 7-Eleven on Davie was robbed.',
      'Street lamp flickering on Elm Avenue.',
      'Crash at King George Blvd and 72 Ave.',
      'May was a quiet month, June was not.',
      'Somebody dumped a sofa at the corner of Fraser and 33rd.',
      'Crash at 41st and Fraser this morning.',
    ]);
  });
});

describe('guardrails: named private persons in German', () => {
  it('holds given names, surnames after them, Herr/Frau/Familie and introduced names', () => {
    expectHeldBy('person_name', [
      ['Mein Nachbar Jürgen wirft Flaschen', 'Jürgen'],
      ['Stefan Krüger hat Müll entsorgt', 'Stefan Krüger'],
      ['Herr Özdemir aus dem dritten Stock', 'Özdemir'],
      ['Frau Becker hat es gesehen', 'Becker'],
      ['der Sohn von Familie Weber', 'Weber'],
      ['Ein Typ namens Dennis hat', 'Dennis'],
      ['Der Junge heißt Lukas', 'Lukas'],
      ['Maik heißt er', 'Maik'],
      ['Fragt Ahmet vom Kiosk', 'Ahmet'],
      ['Das war garantiert wieder Familie Yilmaz', 'Yilmaz'],
    ]);
  });

  it('passes capitalised nouns, women and men without names, streets and public offices', () => {
    expectNotHeldBy('person_name', [
      'Eine Frau Richtung Bahnhof hat um Hilfe gerufen.',
      'Die Frau mit dem Hund hat die Polizei gerufen.',
      'Ein älterer Herr ist gestürzt.',
      'Auf der Karl-Marx-Straße staut sich der Verkehr.',
      'Laut Oberbürgermeisterin Reker wird der Platz beleuchtet.',
      'Der Bürgermeister hat den Spielplatz eröffnet.',
      'Der Koch vom Restaurant hat den Brand gemeldet.',
      'Im Rosenweg ist die Beleuchtung aus.',
      'Rauch steigt hinter dem Rewe auf.',
      'Die Straße heißt Hauptstraße und ist gesperrt.',
    ]);
  });

  it('reads German with the German rules: compromise’s English tagger does not run on it', () => {
    const text = 'Gestern Abend hat jemand am Spielplatz Flaschen zerschlagen, überall liegt Glas.';
    expect(checkReportText(text).held).toBe(false);
    expect(checkReportText(text, { lang: 'de' }).held).toBe(false);
  });
});
