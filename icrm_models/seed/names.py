"""Name and place lists for synthetic customers (invented combinations, no real people)."""

FIRST_NAMES = (
    "Anna", "Ben", "Chloe", "David", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas",
    "Klara", "Lukas", "Maria", "Noah", "Olivia", "Paul", "Quentin", "Rosa", "Samir", "Tara",
    "Umar", "Vera", "William", "Xenia", "Yusuf", "Zoe", "Amelie", "Bruno", "Carla", "Diego",
    "Emma", "Farah", "Giulia", "Hannah", "Igor", "Julia", "Karim", "Lena", "Mateo", "Nora",
    "Oscar", "Priya", "Rafael", "Sara", "Tom", "Valentina", "Wei", "Yara", "Leon", "Mila",
)
LAST_NAMES = (
    "Schmidt", "Müller", "Dubois", "Rossi", "Garcia", "Nowak", "Jansen", "Silva", "Novak",
    "Berg", "Lindqvist", "Keller", "Martin", "Bianchi", "Fernandez", "Kowalski", "Visser",
    "Costa", "Horvat", "Larsen", "Weber", "Laurent", "Romano", "Lopez", "Wojcik", "Bakker",
    "Santos", "Kovac", "Nielsen", "Fischer", "Moreau", "Ricci", "Martinez", "Zielinski",
    "Meijer", "Pereira", "Popescu", "Hansen", "Wagner", "Lefebvre", "Greco", "Sanchez",
    "Lewandowski", "de Boer", "Oliveira", "Ionescu", "Andersen", "Becker", "Fontaine", "Conti",
)
CITIES = (
    ("Berlin", "Germany"), ("Hamburg", "Germany"), ("Munich", "Germany"), ("Paris", "France"),
    ("Lyon", "France"), ("Milan", "Italy"), ("Rome", "Italy"), ("Madrid", "Spain"),
    ("Barcelona", "Spain"), ("Amsterdam", "Netherlands"), ("Rotterdam", "Netherlands"),
    ("Vienna", "Austria"), ("Warsaw", "Poland"), ("Lisbon", "Portugal"), ("Brussels", "Belgium"),
    ("Copenhagen", "Denmark"), ("Stockholm", "Sweden"), ("Prague", "Czechia"),
    ("Dublin", "Ireland"), ("Zurich", "Switzerland"),
)
