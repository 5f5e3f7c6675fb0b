/**
 * The most common German surnames and frequent surnames of other origins in Germany, for the
 * German rule set: after a given name ("Stefan Krüger") or a form of address ("Frau Becker",
 * "Familie Weber") they make the name whole. Many are also nouns ("Koch", "Fischer",
 * "Schneider"), so they never count alone. Compiled for Openbeat from general knowledge.
 */
const NAMES = `
Müller Schmidt Schneider Fischer Weber Meyer Meier Wagner Becker Schulz Hoffmann Schäfer Koch
Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange
Lang Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter
Mayer Huber Kaiser Fuchs Peters Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller
Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm
Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt
Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt
Sauer Arnold Wolff Pfeiffer Yilmaz Kaya Demir Şahin Sahin Çelik Celik Yıldız Yildiz Öztürk
Özdemir Ozdemir Aydın Aydin Arslan Doğan Dogan Kılıç Kilic Kowalski Nowak Wiśniewski Lewandowski
Kamiński Schneider Petrović Nguyen Tran Le Pham Hoang Ivanov Popov Smirnov Rossi Russo Ferrari
Esposito Bianchi Romano García Garcia Rodríguez Rodriguez Fernández Lopez López Martínez
Hendrickson Henderson Thompson Collins Walsh Patel Singh Kaur Sharma Smith Johnson Williams Brown
Jones Miller Davis Wilson Taylor Anderson Jackson White Harris Clark Lewis Robinson Walker Young
Allen Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans
Turner Parker Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Kelly
Howard Cox Ward Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross
Foster Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Chan Wong Lee Lam Cheung
Liu Wang Zhang Chen Kim Park Choi MacDonald Campbell Stewart Fraser McLean Sullivan Murray
`;

export const SURNAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/u).filter(Boolean));
