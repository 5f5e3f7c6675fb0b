import { describe, it } from 'vitest';
import { expectHeldBy, expectNotHeldBy } from '../support/guardrail-cases.js';

describe('guardrails: naming a suspect', () => {
  it('holds an accusation with a name, in either order and language', () => {
    expectHeldBy('suspect_named', [
      ['Everyone knows it was Jake who did this'],
      ['The thief is definitely Marcus'],
      ['I think Kevin Walsh is the one breaking windows'],
      ['It was Lisa Park who keyed my car'],
      ["Pretty sure the shooter was Dwayne's cousin"],
      ['Der Täter ist Kevin aus der Nachbarschaft'],
      ['Es war Marco, der die Autos zerkratzt hat'],
      ['Ich weiß genau, dass Niklas die Tonnen angezündet hat'],
      ['Schuld ist der Typ aus dem Nachbarhaus, Maik heißt er'],
    ]);
  });

  it('passes accusations without a person and names without an accusation', () => {
    expectNotHeldBy('suspect_named', [
      'It was around 11 pm when the glass broke.',
      'It was Hastings Street, near the Safeway.',
      'The thief ran east toward the park.',
      'Der Täter ist Richtung Bahnhof geflüchtet.',
      'Es war gegen 23 Uhr am Marktplatz.',
    ]);
  });
});

describe('guardrails: appearance as the point', () => {
  it('holds skin colour, ethnicity and looks, and features with a warning', () => {
    expectHeldBy('appearance', [
      ['A black guy with dreadlocks', 'black guy'],
      ['Two Middle Eastern looking guys'],
      ['Dark-skinned man in a hoodie'],
      ['He looked foreign, scruffy clothes'],
      ['a man looking very suspicious near the cars'],
      ['Watch out for a tall guy in a black hoodie with a face tattoo'],
      ['Ein südländisch aussehender Mann', 'südländisch aussehender'],
      ['Zwei ausländisch aussehende Jugendliche'],
      ['Dunkle Hautfarbe, schwarze Jacke', 'Hautfarbe'],
      ['Ein Mann mit Vollbart, sah arabisch aus'],
      ['Großer Typ mit Glatze und Tattoos, passt auf ihn auf'],
    ]);
  });

  it('passes colours of things, behaviour and clothing without a warning', () => {
    expectNotHeldBy('appearance', [
      'A black car and a white van blocked the lane.',
      'Schwarzer BMW parkt seit Wochen im Halteverbot.',
      'A man in a hoodie smashed the window and ran east.',
      'Suspicious fire at the old warehouse on Industrial Ave.',
      'Ein türkisches Restaurant wurde beschmiert.',
      'Cars racing side by side on Marine Drive.',
    ]);
  });
});

describe('guardrails: calls to action', () => {
  it('holds bounties, manhunts and vigilantism', () => {
    expectHeldBy('call_to_action', [
      ["Let's find him before the police do."],
      ['Let us find him!'],
      ["Share this until he's caught!"],
      ['$500 reward to whoever finds the guy'],
      ['We need to find this guy and teach him a lesson.'],
      ['Anyone who sees him, grab him and hold him'],
      ["Neighbours, let's patrol tonight with bats"],
      ['Post his picture everywhere'],
      ['Belohnung von 200 Euro für Hinweise!'],
      ['Teilen bis er gefasst ist!'],
      ['Schnappen wir ihn uns heute Abend.'],
      ['Wir gründen eine Bürgerwehr.'],
      ['Den müssen wir finden und ihm eine Lektion erteilen.'],
      ['Wer ihn sieht, festhalten!'],
    ]);
  });

  it('passes reports of what the police or others did', () => {
    expectNotHeldBy('call_to_action', [
      'The police did not catch him, he ran toward the station.',
      'An ambulance took him away.',
      'The officer took my statement quickly.',
      'Please report it to the police on 911.',
      'Die Feuerwehr holt die Leute aus dem Haus.',
      'Raser jagen die Ringstraße entlang.',
      'Bitte Zeugen des Unfalls an die Polizei wenden.',
    ]);
  });
});
