import { describe, it } from 'vitest';
import { expectHeldBy, expectNotHeldBy } from '../support/guardrail-cases.js';

describe('guardrails: vehicle plates', () => {
  it('holds German, British and British Columbian plates on their own', () => {
    expectHeldBy('vehicle_plate', [
      ['a car M-AB 1234 sped off', 'M-AB 1234'],
      ['S-KL 4411E stood there', 'S-KL 4411E'],
      ['reg WX63 LMN doing donuts', 'WX63 LMN'],
      ['AB12 CDE racing', 'AB12 CDE'],
      ['silver van LK4 92X parked', 'LK4 92X'],
    ]);
  });

  it('holds other shapes after a word that announces a plate', () => {
    expectHeldBy('vehicle_plate', [
      ['the plate was ABC 123', 'ABC 123'],
      ['plate number KJD-4471', 'KJD-4471'],
      ['Licence plate was 7XYZ482', '7XYZ482'],
      ['Ontario plates BXRT 519', 'BXRT 519'],
      ['Kennzeichen HH AB 123', 'HH AB 123'],
      ['Nummernschild K-LM 456', 'K-LM 456'],
      ['Kennzeichen 123 ABC', '123 ABC'],
    ]);
  });

  it('passes times, roads, exits, bus lines and plates without a number', () => {
    expectNotHeldBy('vehicle_plate', [
      'the plate was smashed at 10 pm',
      'A car with no plates has been parked in the lane for a month.',
      'Ein Auto ohne Kennzeichen steht seit Wochen am Straßenrand.',
      'Unfall auf der A 8 bei Ausfahrt 12.',
      'Auf der B 27 rasen jeden Abend Autos.',
      'Two cars collided on Highway 1 near exit 28.',
      'The 20 bus and the 99 B-Line were late.',
      'the COVID-19 testing site',
    ]);
  });
});

describe('guardrails: street addresses', () => {
  it('holds house-number addresses and flat numbers in both languages', () => {
    expectHeldBy('street_address', [
      ['party at 1234 Main St', '1234 Main St'],
      ['at 12 Baker Street', '12 Baker Street'],
      ['77 West 10th Ave', '77 West 10th Ave'],
      ['outside 3300 Kingsway', '3300 Kingsway'],
      ['out of apartment 4B', 'apartment 4B'],
      ['suite 302 in our building', 'suite 302'],
      ['aus der Hauptstraße 12', 'Hauptstraße 12'],
      ['in der Berliner Str. 45a', 'Berliner Str. 45a'],
      ['vor dem Haus Am Markt 3.', 'Am Markt 3'],
      ['aus der Wohnung 4B', 'Wohnung 4B'],
    ]);
  });

  it('passes hundred blocks, numbered roads, streets without a number and counts', () => {
    expectNotHeldBy('street_address', [
      'Broken streetlight on the 5XX block of Homer St.',
      'Graffiti on the 1200 block of Commercial Drive.',
      'Crash at King George Blvd and 72 Ave.',
      'Laute Motorräder auf der Bundesstraße 2 jede Nacht.',
      'Straßenlaterne kaputt in der Hauptstraße.',
      'In der Hauptstraße 3 Autos aufgebrochen, gegen 2 Uhr.',
      'Am Samstag 3 Autos aufgebrochen.',
      'Im 300er Block der Müllerstraße liegt Glas.',
      'Raser auf der Friedrichstraße, jeden Abend nach 23 Uhr.',
      'The 3 men walked down the street.',
    ]);
  });
});
